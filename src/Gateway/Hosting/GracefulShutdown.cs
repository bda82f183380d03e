namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// The shutdown sequence of kube-apiserver (k8s.io/apiserver <c>pkg/server/genericapiserver.go</c>, "graceful
/// termination"), on top of the host's:
/// <list type="number">
/// <item>SIGTERM: the host fires <c>ApplicationStopping</c>; <see cref="IsShuttingDown"/> turns true and the
/// <c>shutdown</c> readyz check fails, so load balancers and the aggregator stop sending new requests;</item>
/// <item>for <c>--shutdown-delay-duration</c> (default 0) the gateway keeps serving everything (kube-apiserver's
/// <c>ShutdownDelayDuration</c>), so they have time to notice;</item>
/// <item>then <see cref="Draining"/> is cancelled: long-running requests end within moments
/// (<see cref="LongRunningRequests"/>) so clients reconnect to another replica, and Kestrel stops listening and waits
/// for ordinary requests to finish;</item>
/// <item>whatever is still open when <c>--shutdown-grace-period</c> (the host's shutdown timeout, default 30 s) has
/// passed since SIGTERM is cut, and the process exits.</item>
/// </list>
/// Registered as a hosted lifecycle service: the host calls <see cref="StoppingAsync"/> after
/// <c>ApplicationStopping</c> and before any hosted service (Kestrel included) stops.
/// </summary>
internal sealed partial class GracefulShutdown(
    IHostApplicationLifetime lifetime, TimeSpan delay, ILogger<GracefulShutdown> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _draining = new();
    private readonly Lock _gate = new();
    private Task? _stopping;

    /// <summary>Whether shutdown has begun (SIGTERM or <c>StopApplication</c>); readyz fails from then on.</summary>
    public bool IsShuttingDown => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Cancelled when the shutdown delay is over and in-flight requests drain: long-running ones end now.</summary>
    public CancellationToken Draining => _draining.Token;

    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits out the shutdown delay (bounded by the grace period), then starts draining. Idempotent: the
    /// host may be stopped twice (WaitForShutdown, then dispose).</summary>
    /// <param name="cancellationToken">Cancelled when the grace period is over.</param>
    /// <returns>A task completing when draining has begun.</returns>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopping ??= DelayThenDrainAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public void Dispose() => _draining.Dispose();

    private async Task DelayThenDrainAsync(CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            Log.Delaying(logger, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The grace period is over: drain (and be cut) now.
            }
        }

        Log.Draining(logger);
        await _draining.CancelAsync().ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information,
            Message = "Shutting down: /readyz fails; serving for {Seconds:F1}s more (--shutdown-delay-duration)")]
        public static partial void Delaying(ILogger logger, double seconds);

        [LoggerMessage(EventId = 21, Level = LogLevel.Information,
            Message = "Shutting down: no new connections; watches and proxied streams are ended, other requests drain")]
        public static partial void Draining(ILogger logger);
    }
}
