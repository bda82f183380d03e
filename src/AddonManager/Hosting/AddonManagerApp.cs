using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Observability;
using ClusterGateway.Hosting;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Controllers;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;

namespace ClusterGateway.AddonManager.Hosting;

/// <summary>
/// The running addon-manager: the hub client, the shared informers and the leader-elected controllers
/// (<see cref="AddonManagerRuntime"/>), <c>/healthz</c> and <c>/readyz</c> (ready once every informer has listed) on
/// <c>--health-probe-bind-address</c>, and <c>/metrics</c> on <c>--metrics-bind-address</c> (both as controller-runtime's
/// manager serves them).
/// </summary>
internal sealed partial class AddonManagerApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly KubeClient _client;

    private AddonManagerApp(WebApplication app, KubeClient client, AddonManagerRuntime runtime, Uri? healthProbeUrl, Uri? metricsUrl)
    {
        _app = app;
        _client = client;
        Runtime = runtime;
        HealthProbeUrl = healthProbeUrl;
        MetricsUrl = metricsUrl;
    }

    /// <summary>The base URL of the probe endpoints (with the real port when <c>:0</c> was asked for).</summary>
    public Uri? HealthProbeUrl { get; }

    /// <summary>The base URL of <c>/metrics</c>, or null when disabled (<c>--metrics-bind-address=0</c>).</summary>
    public Uri? MetricsUrl { get; }

    /// <summary>The informers and controllers.</summary>
    public AddonManagerRuntime Runtime { get; }

    /// <summary>The process exit code: 0, or 1 after leadership was lost.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Builds and starts the host.</summary>
    /// <param name="options">The parsed options.</param>
    /// <param name="configureLogging">Installs the logging providers (e.g. Serilog).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="tracing">The trace exporter (Program: <see cref="Tracing.FromEnvironment"/>; tests: in memory), or
    /// <see langword="null"/> for no tracing. With it, every reconcile is a span (<see cref="ControllerTracing"/>) and
    /// the hub calls made in it are its children.</param>
    /// <returns>The started host.</returns>
    /// <exception cref="AddonManagerOptionsException">An address is unusable, or no hub connection is configured.</exception>
    public static async Task<AddonManagerApp> StartAsync(
        AddonManagerOptions options, Action<ILoggingBuilder> configureLogging, CancellationToken cancellationToken,
        TimeProvider? timeProvider = null, Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // controller-runtime reads "0" as "no probe server"; Kestrel would fall back to localhost:5000 instead.
        var probe = BindAddress.Parse(options.HealthProbeBindAddress)
            ?? throw new AddonManagerOptionsException("--health-probe-bind-address=0 (no probe server) is not supported yet");
        var metrics = BindAddress.Parse(options.MetricsBindAddress);
        var clientOptions = ClientOptions(options.Kubeconfig);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);
        if (tracing is not null)
        {
            Tracing.Add(builder.Services, "cluster-gateway-addon-manager",
                static instrumentation => instrumentation.AddSource(ControllerTracing.Name), tracing);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(probe);
            if (metrics is not null)
            {
                kestrel.Listen(metrics);
            }
        });
        builder.Services.AddSingleton(options);
        AddonManagerRuntime? started = null;
        builder.Services.AddHealthChecks().AddCheck("informers", () => started?.Informers.HasSynced == true
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("informers have not synced yet"), tags: ["ready"]);

        var app = builder.Build();
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        // The identity in the User-Agent tells the replicas apart in the hub's audit log.
        var identity = $"{Environment.MachineName}_{Guid.NewGuid():N}";
        var client = new KubeClient(clientOptions with { UserAgent = $"cluster-gateway-addon-manager ({identity})" },
            loggerFactory.CreateLogger<KubeClient>());
        var runtime = new AddonManagerRuntime(client, options, identity, timeProvider ?? TimeProvider.System, loggerFactory);
        started = runtime;

        // Both listeners serve all three paths: simpler than controller-runtime's two servers and harmless.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapGet("/metrics", () => Results.Text(AddonManagerMetrics.Render(runtime), AddonManagerMetrics.ContentType));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var result = new AddonManagerApp(app, client, runtime, Url(addresses, 0), metrics is null ? null : Url(addresses, 1));
        runtime.LeadershipLost += () =>
        {
            result.ExitCode = 1;
            app.Lifetime.StopApplication();
        };
        runtime.Start();
        LogStarted(app.Logger, options.Namespace, options.LeaderElect, options.SignerSecretName, result.HealthProbeUrl, clientOptions.Server);
        return result;
    }

    /// <summary>Completes when the host shuts down (SIGTERM, Ctrl+C, lost leadership).</summary>
    /// <returns>A task.</returns>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private static KubeClientOptions ClientOptions(string? kubeconfig)
    {
        try
        {
            if (kubeconfig is not null)
            {
                return KubeConfigLoader.Resolve(KubeConfigLoader.Load(kubeconfig)).ToClientOptions();
            }
        }
        catch (KubeConfigException e)
        {
            throw new AddonManagerOptionsException($"--kubeconfig {kubeconfig}: {e.Message}");
        }

        return InClusterConfig.IsAvailable
            ? InClusterConfig.Load()
            : throw new AddonManagerOptionsException("no hub connection: pass --kubeconfig or run in a pod with a service account");
    }

    private static Uri? Url(List<string> addresses, int index) => addresses.Count <= index
        ? null
        : new Uri(addresses[index].Replace("[::]", "localhost", StringComparison.Ordinal)
            .Replace("0.0.0.0", "localhost", StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Information,
        Message = "addon-manager started: namespace {Namespace}, leader election {LeaderElect}, signer Secret {SignerSecret}, probes on {ProbeUrl}, hub {Hub}")]
    private static partial void LogStarted(ILogger logger, string @namespace, bool leaderElect, string signerSecret, Uri? probeUrl, Uri hub);
}
