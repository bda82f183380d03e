using ClusterGateway.Kube.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease, following client-go <c>tools/leaderelection/leaderelection.go</c>:
/// a candidate acquires the lease when it is absent, released (empty holder), held by itself, or not changed for the
/// holder's <c>leaseDurationSeconds</c> as observed on the local clock; the leader renews every
/// <see cref="LeaderElectionOptions.RetryPeriod"/> and loses leadership when no renewal succeeds within
/// <see cref="LeaderElectionOptions.RenewDeadline"/>. Writes are conditional on <c>resourceVersion</c> (a 409 is a lost race).
/// One instance per candidate; <see cref="RunAsync"/> once.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly KubeClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _observedResourceVersion;
    private long _observedTimestamp;
    private volatile bool _isLeader;

    /// <summary>Creates a candidate.</summary>
    /// <param name="client">Client for the cluster holding the Lease (needs get/create/update on leases).</param>
    /// <param name="options">Lease and timings.</param>
    /// <param name="logger">Optional logger.</param>
    /// <exception cref="ArgumentException">Timings are not ordered as required.</exception>
    public LeaderElector(KubeClient client, LeaderElectionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.LeaseDuration > options.RenewDeadline && options.RenewDeadline > options.RetryPeriod &&
              options.RetryPeriod > TimeSpan.Zero))
        {
            throw new ArgumentException("LeaseDuration > RenewDeadline > RetryPeriod > 0 is required.", nameof(options));
        }

        _client = client;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Whether this candidate currently leads.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>
    /// Waits until leadership is acquired, then runs <paramref name="onStartedLeading"/> with a token that is cancelled
    /// when leadership is lost or <paramref name="cancellationToken"/> is cancelled, and keeps renewing. Returns once not
    /// leading any more (after the callback finished; the lease is released first when
    /// <see cref="LeaderElectionOptions.ReleaseOnCancel"/>) or when cancelled before acquiring. A process that lost
    /// leadership should exit or call again.
    /// </summary>
    /// <param name="onStartedLeading">The leader's work (e.g. run controllers).</param>
    /// <param name="cancellationToken">Stops campaigning or leading.</param>
    /// <returns><see langword="true"/> when it led and lost leadership (renewal failed); <see langword="false"/> when cancelled.</returns>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _isLeader = true;
        ControllerLog.StartedLeading(_logger, _options.Namespace, _options.Name, _options.Identity);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        var lost = await RenewLoopAsync(cancellationToken).ConfigureAwait(false);
        _isLeader = false;
        await leading.CancelAsync().ConfigureAwait(false);
        ControllerLog.StoppedLeading(_logger, _options.Namespace, _options.Name, _options.Identity);
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (!lost && _options.ReleaseOnCancel)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        return lost;
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (!await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return false;
    }

    /// <summary>Renews until a renewal fails past the deadline (true) or cancellation (false).</summary>
    private async Task<bool> RenewLoopAsync(CancellationToken cancellationToken)
    {
        while (await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false))
        {
            var start = _time.GetTimestamp();
            while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                if (_time.GetElapsedTime(start) + _options.RetryPeriod >= _options.RenewDeadline ||
                    !await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false))
                {
                    return !cancellationToken.IsCancellationRequested;
                }
            }
        }

        return false;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
