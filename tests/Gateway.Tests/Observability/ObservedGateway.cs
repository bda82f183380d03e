using System.Net;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary>
/// A fake managed cluster <c>c1</c> (bearer token <see cref="ClusterToken"/>) and a gateway in local mode importing it,
/// with the logging and tracing a test gives; a client on one HTTP/1.1 connection, so a response to a later request
/// means every earlier request's pipeline (access log included) has finished.
/// </summary>
internal sealed class ObservedGateway : IAsyncDisposable
{
    public const string Cluster = "c1";
    public const string ClusterToken = "c1-token";

    private readonly string _directory;

    private ObservedGateway(string directory, FakeApiServer cluster, GatewayApp gateway)
    {
        _directory = directory;
        ClusterServer = cluster;
        Gateway = gateway;
        Client = CreateClient(gateway);
    }

    public FakeApiServer ClusterServer { get; }

    public GatewayApp Gateway { get; }

    /// <summary>Sends the gateway's token; at most one connection.</summary>
    public HttpClient Client { get; }

    public static string ProxyPath(string rest) =>
        $"/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{Cluster}/proxy{rest}";

    public static async Task<ObservedGateway> StartAsync(Action<ILoggingBuilder> logging,
        Action<TracerProviderBuilder>? tracing = null, bool accessLog = true)
    {
        var directory = Directory.CreateTempSubdirectory("cg-observed-").FullName;
        var options = new FakeApiServerOptions { Name = Cluster };
        options.Tokens[ClusterToken] = "c1-admin";
        var cluster = await FakeApiServer.StartAsync(options);
        try
        {
            var gateway = await GatewayApp.StartAsync(new GatewayOptions
            {
                ImportKubeconfig = cluster.WriteKubeconfig(directory, ClusterToken),
                SecurePort = 0,
                AccessLog = accessLog,
            }, logging, CancellationToken.None, tracing).WaitAsync(TestTimeouts.Default, "the gateway to start");
            await gateway.Registry.WaitForAsync(r => r.Snapshot.TryGetValue(Cluster, out var e) && e.IsValid,
                "the gateway to import c1");
            return new ObservedGateway(directory, cluster, gateway);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await ClusterServer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static HttpClient CreateClient(GatewayApp gateway)
    {
        var trust = new X509Certificate2Collection();
        trust.ImportFromPem(gateway.TrustPem);
        // No trace context of its own: the tests send the caller's traceparent themselves.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, ActivityHeadersPropagator = null };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trust);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = gateway.Url,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TestTimeouts.Default,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.Token);
        return client;
    }
}
