using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Egress;
using ClusterGateway.Gateway.Health;
using ClusterGateway.Gateway.Local;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Hosting;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// A running gateway: Kestrel HTTPS on <c>--bind-address:--secure-port</c>, the cluster sources feeding the registry,
/// token authentication, the ClusterGateway API and the proxy. Program.cs and the tests start it the same way.
/// Stopping follows <see cref="GracefulShutdown"/>.
/// </summary>
internal sealed class GatewayApp : IAsyncDisposable
{
    /// <summary>Longest request line and header block accepted, in bytes: Go's <c>http.DefaultMaxHeaderBytes</c>.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    private readonly WebApplication _app;

    private GatewayApp(WebApplication app, Uri url, string token, string trustPem)
    {
        _app = app;
        Url = url;
        Token = token;
        TrustPem = trustPem;
    }

    /// <summary>The HTTPS base URL the gateway listens on (the bound port when <c>--secure-port=0</c>).</summary>
    public Uri Url { get; }

    /// <summary>The bearer token clients must present.</summary>
    public string Token { get; }

    /// <summary>PEM a client trusts to verify the serving certificate.</summary>
    public string TrustPem { get; }

    /// <summary>The cluster registry.</summary>
    public IClusterRegistry Registry => _app.Services.GetRequiredService<IClusterRegistry>();

    /// <summary>Services, for tests.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts the gateway; writes <c>--write-kubeconfig</c> once listening.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="configureLogging">Sets up logging providers (Program: Serilog; tests: a collector).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="tracing">The trace exporter (Program: <see cref="Tracing.FromEnvironment"/>; tests: in memory), or
    /// <see langword="null"/> for no tracing at all (no listener, so no per-request Activity).</param>
    /// <returns>The running gateway.</returns>
    public static async Task<GatewayApp> StartAsync(GatewayOptions options, Action<ILoggingBuilder> configureLogging,
        CancellationToken cancellationToken, Action<OpenTelemetry.Trace.TracerProviderBuilder>? tracing = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);
        if (tracing is not null)
        {
            Tracing.Add(builder.Services, "cluster-gateway", ProxyTracing.Instrument, tracing);
        }

        builder.Services.AddSingleton(new ProxyTracing(tracing is not null));
        builder.WebHost.UseKestrelHttpsConfiguration();

        builder.Services.AddSingleton(sp => new ServingCertificateWatcher(options.TlsCertFile,
            options.TlsPrivateKeyFile, sp.GetRequiredService<ILogger<ServingCertificateWatcher>>()));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var certificates = kestrel.ApplicationServices.GetRequiredService<ServingCertificateWatcher>();
            kestrel.AddServerHeader = false;
            // Go's net/http (kube-apiserver, and the kube-aggregator in front of us) accepts a request line and headers
            // of up to http.DefaultMaxHeaderBytes (1 MiB) together; Kestrel's defaults (an 8 KiB line, 16 KiB per
            // HTTP/2 header field, 32 KiB of headers) would refuse requests an apiserver serves, such as a fan-out watch
            // resumed with the resourceVersion vector of a few hundred clusters.
            kestrel.Limits.MaxRequestLineSize = MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = MaxHeaderBytes;
            kestrel.Listen(IPAddress.Parse(options.EffectiveBindAddress), options.SecurePort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        // Each handshake takes the current certificate, so reloaded files apply without a restart;
                        // its context (chain) is built once per certificate, not per handshake.
                        ServerCertificateContext = certificates.Current.Context,
                        // Client certificates are optional at TLS level; authentication decides which CA they must
                        // chain to (front-proxy CA or client CA), as kube-apiserver does.
                        ClientCertificateRequired = true,
                        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    }),
                });
            });
        });

        var token = options.Token ?? LocalTokenAuthentication.GenerateToken();
        AddServices(builder.Services, options, token);
        AddGracefulShutdown(builder.Services, options);

        var app = builder.Build();
        // Resolve the hub clients and the certificate before anything starts: bad files are startup errors.
        app.Services.GetRequiredService<HubConnection>();
        var certificates = app.Services.GetRequiredService<ServingCertificateWatcher>();
        // First, so refusals by authentication and authorization are logged too.
        app.UseAccessLog(options.AccessLog);
        app.UseGatewaySecurity();
        app.UseLongRunningRequestShutdown();
        // Proxied requests end here, ahead of routing; everything else is routed.
        app.UseClusterGatewayProxy();
        app.UseRouting();
        app.MapHealthzEndpoints();
        app.MapVersionEndpoint();
        app.MapClusterGatewayApi();
        app.MapClusterGatewayHealth();
        app.MapMetrics();
        app.MapFallback(context => StatusResponses.WriteAsync(context,
            Status.Failure(404, "NotFound", "the server could not find the requested resource")));

        // Subscribe before any source publishes, so the first cluster is logged too.
        app.Services.GetRequiredService<ClusterChangeLogger>();
        await app.StartAsync(cancellationToken);

        var url = BoundUrl(app, options);
        if (options.WriteKubeconfig is { } kubeconfigPath)
        {
            await GatewayKubeconfig.WriteAsync(kubeconfigPath, url, certificates.Current.TrustPem, token,
                cancellationToken);
        }

        return new GatewayApp(app, url, token, certificates.Current.TrustPem);
    }

    /// <summary>Whether an exception from <see cref="StartAsync"/> is a configuration problem the user can fix
    /// (as opposed to a bug): missing or unreadable files, bad certificates, an unusable kubeconfig, a busy port.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for configuration problems.</returns>
    public static bool IsStartupError(Exception exception) => exception is IOException or UnauthorizedAccessException
        or System.Security.Cryptography.CryptographicException or KubeConfigException or InvalidOperationException
        or YamlDotNet.Core.YamlException;

    /// <summary>Completes when the host shuts down (SIGTERM, Ctrl+C).</summary>
    /// <returns>The task.</returns>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void AddServices(IServiceCollection services, GatewayOptions options, string token)
    {
        services.AddSingleton(options);
        services.AddSingleton<HubConnection>();
        services.AddSingleton(new LocalTokenAuthentication(token));
        services.AddGatewaySecurity(options);
        services.AddSingleton(sp => new ClusterRegistry(sp.GetRequiredService<ILogger<ClusterRegistry>>(),
            scheme: ClusterRevisionScheme.For(options)));
        services.AddSingleton<IClusterRegistry>(sp => sp.GetRequiredService<ClusterRegistry>());
        services.AddSingleton<ClusterChangeLogger>();
        // Created now so an unreadable --proxy-* file fails startup; a factory registration so the host disposes it.
        var egress = ClusterProxyEgress.Create(options);
        services.AddSingleton(_ => egress);
        services.AddSingleton<ClusterTransportCache>();
        services.AddProxyIdentity(options);
        services.AddClusterTraffic(options);
        services.AddSingleton<HealthWriter>();
        services.AddGatewayHealthChecks()
            .AddCheck<AuthenticationConfigSyncedCheck>(AuthenticationConfigSyncedCheck.Name, tags: [HealthzEndpoints.Tags.Readyz]);
        services.AddSingleton<ClusterSourceMetrics>();
        services.AddSingleton(new SecretConversionOptions { ReadHealth = options.Features.HealthinessCheck });
        ResponseJson.Register(services, options.Features.ExposeClusterCredentials);

        if (options.ImportKubeconfig is { } kubeconfig)
        {
            // Read now, like the certificates: a bad file is a startup error, reported once without a host stack trace.
            var imported = KubeConfigLoader.Load(kubeconfig);
            services.AddHostedService(sp =>
                ActivatorUtilities.CreateInstance<KubeconfigImportSource>(sp, kubeconfig, imported));
        }

        if (options.ClustersDir is { } directory)
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<LocalManifestSource>(sp, directory));
        }

        if (!options.IsLocalMode)
        {
            // Also a singleton: the health subresource previews its writes with it.
            services.AddSingleton<HubSecretSource>();
            services.AddHostedService(sp => sp.GetRequiredService<HubSecretSource>());
        }
    }

    // SIGTERM: readyz fails, the delay passes, long-running requests end, the rest drain within the grace period
    // (the host's shutdown timeout, which also bounds Kestrel's wait for open connections).
    private static void AddGracefulShutdown(IServiceCollection services, GatewayOptions options)
    {
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownGracePeriod);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<GracefulShutdown>(sp, options.ShutdownDelayDuration));
        services.AddHostedService(sp => sp.GetRequiredService<GracefulShutdown>());
    }

    private static Uri BoundUrl(WebApplication app, GatewayOptions options)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
        var host = options.EffectiveBindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : options.EffectiveBindAddress;
        return new Uri($"https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");
    }
}
