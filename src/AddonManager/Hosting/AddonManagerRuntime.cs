using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;

namespace ClusterGateway.AddonManager.Hosting;

/// <summary>
/// Runs the shared informers on every replica and the controllers only while leading (controller-runtime's manager):
/// with <c>--leader-elect</c> the Lease <c>cluster-gateway-addon-manager</c> in the manager's namespace decides; a leader
/// that loses its lease stops its controllers and reports it through <see cref="LeadershipLost"/> (the process exits,
/// as controller-runtime's does, and restarts as a follower).
/// </summary>
internal sealed partial class AddonManagerRuntime : IAsyncDisposable
{
    private readonly AddonManagerOptions _options;
    private readonly ILogger _logger;
    private readonly LeaderElector? _elector;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private volatile bool _leading;

    /// <summary>Builds the informers, controllers and (with <c>--leader-elect</c>) the leader elector.</summary>
    /// <param name="client">The hub client.</param>
    /// <param name="options">The manager's options.</param>
    /// <param name="identity">This replica's leader-election identity, unique per process (e.g. host name and a random suffix).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Loggers.</param>
    public AddonManagerRuntime(
        KubeClient client, AddonManagerOptions options, string identity, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger<AddonManagerRuntime>();
        Identity = identity;
        Informers = new SharedInformers(client, loggerFactory);
        Controllers = new ControllerSet(client, Informers, options, timeProvider, loggerFactory);
        if (options.LeaderElect)
        {
            _elector = new LeaderElector(client, new LeaderElectionOptions
            {
                Namespace = options.Namespace,
                Name = AddonManagerOptions.LeaderElectionId,
                Identity = Identity,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
                TimeProvider = timeProvider,
            }, loggerFactory.CreateLogger<LeaderElector>());
        }
    }

    /// <summary>
    /// Raised once when this replica led and lost its lease (no renewal succeeded within the renew deadline, e.g. the hub
    /// stopped answering), after its controllers stopped; before the lease duration has passed, so no other replica leads yet.
    /// </summary>
    public event Action? LeadershipLost;

    /// <summary>This replica's leader-election identity (host name and a random suffix).</summary>
    public string Identity { get; }

    /// <summary>The shared informers.</summary>
    public SharedInformers Informers { get; }

    /// <summary>The controllers.</summary>
    public ControllerSet Controllers { get; }

    /// <summary>Whether this replica runs the controllers now.</summary>
    public bool IsLeader => _leading;

    /// <summary>Starts the informers and the leader-election loop in the background.</summary>
    public void Start()
    {
        var token = _stop.Token;
        var informers = Task.Run(() => Informers.RunAsync(token), CancellationToken.None);
        var controllers = Task.Run(() => LeadAsync(token), CancellationToken.None);
        _running = Task.WhenAll(informers, controllers);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        if (_elector is null)
        {
            await RunControllersAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        LogCampaigning(_logger, _options.Namespace, AddonManagerOptions.LeaderElectionId, Identity);
        if (await _elector.RunAsync(RunControllersAsync, cancellationToken).ConfigureAwait(false))
        {
            LogLost(_logger, Identity);
            LeadershipLost?.Invoke();
        }
    }

    private async Task RunControllersAsync(CancellationToken cancellationToken)
    {
        _leading = true;
        try
        {
            await Controllers.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _leading = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "campaigning for leadership: Lease {Namespace}/{Name} as {Identity}")]
    private static partial void LogCampaigning(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "leader election lost by {Identity}; stopping so that a restart rejoins as a follower")]
    private static partial void LogLost(ILogger logger, string identity);
}
