using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterGateway.TestSupport;

/// <summary>
/// A fake kube-apiserver on Kestrel (HTTPS on 127.0.0.1, HTTP/1.1 and HTTP/2): discovery, CRUD, watch, Table
/// output, Status errors, token / client-certificate authentication. Real kubectl works against it.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsCa;
    private readonly bool _ownsStore;
    private readonly CancellationTokenSource _stopping = new();

    private FakeApiServer(WebApplication app, FakeApiServerOptions options, TestCertificateAuthority ca, bool ownsCa,
        X509Certificate2 servingCertificate, FakeObjectStore store, RequestLog requests)
    {
        _app = app;
        _ownsCa = ownsCa;
        _ownsStore = options.Store is null;
        Options = options;
        Ca = ca;
        ServingCertificate = servingCertificate;
        Store = store;
        Requests = requests;
        Url = new Uri("https://127.0.0.1/");
    }

    public Uri Url { get; private set; }

    public TestCertificateAuthority Ca { get; }

    public string CaPem => Ca.CertificatePem;

    public X509Certificate2 ServingCertificate { get; }

    public FakeObjectStore Store { get; }

    public RequestLog Requests { get; }

    public FakeApiServerOptions Options { get; }

    /// <summary>The aggregation layer: groups forwarded to other servers (<see cref="AddAggregatedApi"/>).</summary>
    internal Aggregation.AggregationProxy Aggregation { get; } = new();

    /// <summary>The kube-aggregator, once <see cref="EnableApiServiceAggregation"/> was called.</summary>
    public Aggregation.KubeAggregator? Aggregator { get; private set; }

    /// <summary>Requests held by <see cref="Hang"/>.</summary>
    internal RequestHangs Hangs { get; } = new();

    /// <summary>Cancelled when the server shuts down: ends its open watches (not those of a shared store).</summary>
    internal CancellationToken Stopping => _stopping.Token;

    public static async Task<FakeApiServer> StartAsync(FakeApiServerOptions? options = null,
        CancellationToken ct = default)
    {
        options ??= new FakeApiServerOptions();
        var ownsCa = options.CertificateAuthority is null;
        var ca = options.CertificateAuthority ?? TestCertificateAuthority.Create($"{options.Name}-ca");
        var servingCertificate = ca.IssueServerCertificate([.. options.ServerNames]);
        var store = options.Store ?? new FakeObjectStore();
        var requests = new RequestLog();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromHours(1);
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.MaxValue;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = servingCertificate,
                    ClientCertificateMode = options.RequireClientCertificate
                        ? ClientCertificateMode.RequireCertificate
                        : ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (cert, _, _) => !options.RequireClientCertificate || ca.Verifies(cert),
                    CheckCertificateRevocation = false,
                });
            });
        });
        var app = builder.Build();
        var server = new FakeApiServer(app, options, ca, ownsCa, servingCertificate, store, requests);
        var handler = new ApiRequestHandler(server);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First();
        server.Url = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
        return server;
    }

    /// <summary>
    /// Forwards every request under <c>/apis/{group}</c> to <paramref name="api"/>'s server, like kube-aggregator with an
    /// APIService; the group is listed in <c>/apis</c>. May be called while running (the backend often needs this server
    /// first). It passes the caller's bearer token; <see cref="EnableApiServiceAggregation"/> is the faithful
    /// aggregator (front-proxy certificate and <c>X-Remote-*</c> headers, driven by APIService objects).
    /// </summary>
    public void AddAggregatedApi(Aggregation.FakeAggregatedApi api) => Aggregation.Add(api);


    /// <summary>
    /// Plays kube-aggregator for the store's APIService objects (see <see cref="Aggregation.KubeAggregator"/>): publishes
    /// <c>kube-system/extension-apiserver-authentication</c>, proxies <c>/apis/{group}/{version}/...</c> of an
    /// APIService with <c>spec.service</c> to <paramref name="resolveEndpoint"/>'s URL with a front-proxy client
    /// certificate and <c>X-Remote-*</c> headers, and keeps the APIServices' Available condition.
    /// </summary>
    /// <param name="resolveEndpoint">
    /// (Service namespace, Service name, Service port) → URL of a ready backend (<c>https://127.0.0.1:PORT</c>), or
    /// null when the Service has no endpoint. Called per request and per availability check.
    /// </param>
    /// <param name="availabilityInterval">How often availability is re-checked besides on changes (default 1 s).</param>
    /// <returns>The aggregator (disposed with the server).</returns>
    /// <exception cref="InvalidOperationException">Already enabled.</exception>
    public Aggregation.KubeAggregator EnableApiServiceAggregation(Func<string, string, int, Uri?> resolveEndpoint,
        TimeSpan? availabilityInterval = null)
    {
        ArgumentNullException.ThrowIfNull(resolveEndpoint);
        if (Aggregator is not null)
        {
            throw new InvalidOperationException("API service aggregation is already enabled");
        }

        var aggregator = new Aggregation.KubeAggregator(this, resolveEndpoint,
            availabilityInterval ?? TimeSpan.FromSeconds(1));
        Aggregator = aggregator;
        aggregator.Start();
        return aggregator;
    }

    /// <summary>
    /// Makes the server accept requests matching <paramref name="predicate"/> (after authentication and logging) and
    /// never answer them, like a hung apiserver, until the returned hang is disposed. Tell clients apart by e.g. their
    /// <c>User-Agent</c>.
    /// </summary>
    public RequestHang Hang(Func<RecordedRequest, bool> predicate) => Hangs.Add(predicate);

    /// <summary>Serves another resource (e.g. a custom resource).</summary>
    public void RegisterResource(FakeResource resource) => Store.RegisterResource(resource);

    /// <summary>
    /// Writes a kubeconfig (inline base64 CA, token and/or client certificate) into <paramref name="directory"/>;
    /// returns its path. The context's namespace is <c>default</c>.
    /// </summary>
    public string WriteKubeconfig(string directory, string? token = null, X509Certificate2? clientCertificate = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Options.Name}-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, Kubeconfig.Build(Options.Name, Url, CaPem, token, clientCertificate));
        return path;
    }

    /// <summary>An HttpClient that trusts this server's CA (and presents the given credentials).</summary>
    public HttpClient CreateClient(string? token = null, X509Certificate2? clientCertificate = null,
        Version? httpVersion = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is not null && Ca.Verifies(X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var client = new HttpClient(handler)
        {
            BaseAddress = Url,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = httpVersion ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (Aggregator is not null)
        {
            await Aggregator.DisposeAsync();
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_ownsStore)
        {
            // A store the test passed in may outlive this server; its background worker idles out on its own.
            await Store.DisposeAsync();
        }

        _stopping.Dispose();
        Aggregation.Dispose();
        ServingCertificate.Dispose();
        if (_ownsCa)
        {
            Ca.Dispose();
        }
    }
}
