using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease, following client-go <c>tools/leaderelection/leaderelection.go</c>:
/// a candidate acquires the lease when it is absent, released (empty holder), held by itself, or not changed for the
/// holder's <c>leaseDurationSeconds</c> as observed on the local clock; the leader renews every
/// <see cref="LeaderElectionOptions.RetryPeriod"/>. Writes are conditional on <c>resourceVersion</c> (a 409 is a lost race).
/// One instance per candidate; <see cref="RunAsync"/> once.
/// <para>
/// A hung apiserver cannot keep a stale leader running: every attempt is cancelled (with its HTTP request) after
/// <c>max(1 s, RenewDeadline / 2)</c> (client-go <c>tools/leaderelection/resourcelock</c> <c>NewFromKubeconfig</c> gives the
/// leader-election client that timeout "to keep a single hung request from forcing a leader loss"), and the leader gives up
/// at the latest <see cref="LeaderElectionOptions.RenewDeadline"/> after the start of its last successful renewal (client-go
/// runs each renewal under a context with that timeout). A follower can take over only
/// <see cref="LeaderElectionOptions.LeaseDuration"/> after it saw that renewal, which is later, so the old leader's work
/// is cancelled before another candidate can lead.
/// </para>
/// </summary>
public sealed partial class LeaderElector
{
    private readonly KubeClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _observedResourceVersion;
    private long _observedTimestamp;
    private long _renewedTimestamp;
    private volatile bool _isLeader;

    /// <summary>Creates a candidate.</summary>
    /// <param name="client">Client for the cluster holding the Lease (needs get/create/update on leases).</param>
    /// <param name="options">Lease and timings.</param>
    /// <param name="logger">Optional logger.</param>
    /// <exception cref="ArgumentException">Timings are not ordered as required (see <see cref="Validate"/>).</exception>
    public LeaderElector(KubeClient client, LeaderElectionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _client = client;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Checks the timings as client-go <c>NewLeaderElector</c> does: <c>LeaseDuration &gt; RenewDeadline</c> (else a leader
    /// could still be renewing after followers consider its lease expired) and <c>RenewDeadline &gt; RetryPeriod &gt; 0</c>
    /// (else no retry fits before the deadline). This elector does not jitter the retry period, so client-go's factor 1.2
    /// on it is not needed.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">A rule is broken; the message names it and both values.</exception>
    public static void Validate(LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (lease, renew, retry) = (GoDuration.Format(options.LeaseDuration), GoDuration.Format(options.RenewDeadline),
            GoDuration.Format(options.RetryPeriod));
        if (options.RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"retryPeriod ({retry}) must be greater than zero", nameof(options));
        }

        if (options.LeaseDuration <= options.RenewDeadline)
        {
            throw new ArgumentException($"leaseDuration ({lease}) must be greater than renewDeadline ({renew})", nameof(options));
        }

        if (options.RenewDeadline <= options.RetryPeriod)
        {
            throw new ArgumentException($"renewDeadline ({renew}) must be greater than retryPeriod ({retry})", nameof(options));
        }
    }

    /// <summary>Whether this candidate currently leads.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>
    /// Waits until leadership is acquired, then runs <paramref name="onStartedLeading"/> with a token that is cancelled
    /// when leadership is lost (no renewal succeeded within <see cref="LeaderElectionOptions.RenewDeadline"/> of the last
    /// one, at the latest) or <paramref name="cancellationToken"/> is cancelled, and keeps renewing. Returns once not
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
            using var timeout = new CancellationTokenSource(AttemptTimeout, _time);
            await ReleaseAsync(timeout.Token).ConfigureAwait(false);
        }

        return lost;
    }

    /// <summary>The longest one acquire, renew or release attempt may take: <c>max(1 s, RenewDeadline / 2)</c>.</summary>
    private TimeSpan AttemptTimeout => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _options.RenewDeadline.Ticks / 2));

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await AttemptAsync(AttemptTimeout, cancellationToken).ConfigureAwait(false))
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

    /// <summary>
    /// Renews every retry period until cancelled (false) or until no renewal succeeded within the renew deadline of the
    /// start of the last successful one (true): attempts are cut off at that deadline, and a retry that could not start
    /// before it is not made.
    /// </summary>
    private async Task<bool> RenewLoopAsync(CancellationToken cancellationToken)
    {
        while (await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false))
        {
            while (true)
            {
                var remaining = _options.RenewDeadline - _time.GetElapsedTime(_renewedTimestamp);
                if (remaining <= TimeSpan.Zero)
                {
                    return DeadlinePassed();
                }

                if (await AttemptAsync(remaining < AttemptTimeout ? remaining : AttemptTimeout, cancellationToken)
                        .ConfigureAwait(false))
                {
                    break;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                if (_time.GetElapsedTime(_renewedTimestamp) + _options.RetryPeriod >= _options.RenewDeadline)
                {
                    return DeadlinePassed();
                }

                if (!await DelayAsync(_options.RetryPeriod, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        return false;
    }

    private bool DeadlinePassed()
    {
        ControllerLog.RenewDeadlinePassed(_logger, _options.Namespace, _options.Name, _options.Identity, _options.RenewDeadline);
        return true;
    }

    /// <summary>
    /// One <see cref="TryAcquireOrRenewAsync"/>, cancelled (with its HTTP request) after <paramref name="timeout"/> on the
    /// elector's clock.
    /// </summary>
    private async Task<bool> AttemptAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        if (await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false))
        {
            return true;
        }

        if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ControllerLog.LeaseAttemptTimedOut(_logger, _options.Namespace, _options.Name, timeout);
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
