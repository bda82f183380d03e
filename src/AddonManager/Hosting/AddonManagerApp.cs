using ClusterGateway.AddonManager.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClusterGateway.AddonManager.Hosting;

/// <summary>
/// The running addon-manager host. Skeleton: serves <c>/healthz</c> and <c>/readyz</c> (plain <c>ok</c>, as
/// controller-runtime's probe server) on <c>--health-probe-bind-address</c>; reconcilers, leader election and
/// <c>/metrics</c> are not wired yet.
/// </summary>
internal sealed partial class AddonManagerApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AddonManagerApp(WebApplication app, Uri? healthProbeUrl)
    {
        _app = app;
        HealthProbeUrl = healthProbeUrl;
    }

    /// <summary>The base URL of the probe endpoints (with the real port when <c>:0</c> was asked for).</summary>
    public Uri? HealthProbeUrl { get; }

    /// <summary>Builds and starts the host.</summary>
    /// <param name="options">The parsed options.</param>
    /// <param name="configureLogging">Installs the logging providers (e.g. Serilog).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started host.</returns>
    /// <exception cref="AddonManagerOptionsException">The probe address is unusable.</exception>
    public static async Task<AddonManagerApp> StartAsync(
        AddonManagerOptions options, Action<ILoggingBuilder> configureLogging, CancellationToken cancellationToken)
    {
        // controller-runtime reads "0" as "no probe server"; Kestrel would fall back to localhost:5000 instead.
        var probe = BindAddress.Parse(options.HealthProbeBindAddress)
            ?? throw new AddonManagerOptionsException("--health-probe-bind-address=0 (no probe server) is not supported yet");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(probe));
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(options);

        var app = builder.Build();
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/readyz");
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var url = address is null ? null : new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)
            .Replace("0.0.0.0", "localhost", StringComparison.Ordinal));
        LogStarted(app.Logger, options.Namespace, options.LeaderElect, options.SignerSecretName, url);
        return new AddonManagerApp(app, url);
    }

    /// <summary>Completes when the host shuts down (SIGTERM, Ctrl+C).</summary>
    /// <returns>A task.</returns>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "addon-manager started: namespace {Namespace}, leader election {LeaderElect}, signer Secret {SignerSecret}, probes on {ProbeUrl}")]
    private static partial void LogStarted(ILogger logger, string @namespace, bool leaderElect, string signerSecret, Uri? probeUrl);
}
