using ClusterGateway.AddonManager.Addon;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Health;
using ClusterGateway.AddonManager.Installation;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;

namespace ClusterGateway.AddonManager.Hosting;

/// <summary>
/// The addon-manager's controllers over the shared informers: installation (per ClusterGatewayConfiguration), the
/// ClusterManagementAddOn, the per-cluster addon Secrets, and cluster health. They run only on the leader.
/// </summary>
internal sealed class ControllerSet
{
    private readonly List<(IControllerRunner Runner, int Workers)> _controllers = [];

    /// <summary>Builds the controllers.</summary>
    /// <param name="client">The hub client.</param>
    /// <param name="informers">The shared informers.</param>
    /// <param name="options">The manager's options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Loggers.</param>
    public ControllerSet(KubeClient client, SharedInformers informers, AddonManagerOptions options, TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        var events = new EventRecorder(client, AddonNames.FieldManager, Environment.MachineName, timeProvider);
        var controllerLogger = loggerFactory.CreateLogger("ClusterGateway.AddonManager.Controllers");

        // The installation controller shares the configuration and ClusterManagementAddOn informers and runs its own on the
        // objects it installs (label-selected), with a single worker.
        var installation = new InstallationController(client, InstallationSettings.From(options), timeProvider, loggerFactory,
            events: events, sharedConfigurations: informers.Configurations,
            sharedClusterManagementAddOns: informers.ClusterManagementAddOns);
        _controllers.Add((new InstallationRunner(installation), 1));

        var addonInformers = new AddonInformers(informers.Configurations, informers.ClusterManagementAddOns, informers.ManagedClusters,
            informers.ManagedClusterAddOns, informers.ManagedServiceAccounts, informers.TokenSecrets, informers.GatewaySecrets);
        var clusterManagementAddOn = new ClusterManagementAddOnReconciler(client, addonInformers, events,
            loggerFactory.CreateLogger<ClusterManagementAddOnReconciler>());
        Add(ClusterManagementAddOnReconciler.CreateController(clusterManagementAddOn, addonInformers, controllerLogger), 1);
        var managedClusterAddOn = new ManagedClusterAddOnReconciler(client, addonInformers, new AddonOptions(options.InstallAll), events,
            timeProvider, loggerFactory.CreateLogger<ManagedClusterAddOnReconciler>());
        Add(ManagedClusterAddOnReconciler.CreateController(managedClusterAddOn, addonInformers, controllerLogger), 2);

        var healthOptions = new HealthProbeOptions
        {
            Interval = options.ClusterHealthInterval,
            Concurrency = options.ClusterHealthConcurrency,
        };
        var health = new AddonHealthReconciler(client, informers.ManagedClusterAddOns, healthOptions, timeProvider,
            loggerFactory.CreateLogger<AddonHealthReconciler>());
        Add(AddonHealthReconciler.CreateController(health, informers.ManagedClusterAddOns, healthOptions, controllerLogger),
            healthOptions.Concurrency);
    }

    /// <summary>Name, counters and queue depth of each controller (for <c>/metrics</c>).</summary>
    public IEnumerable<(string Name, ControllerMetrics Metrics, int QueueDepth)> Stats =>
        _controllers.Select(c => (c.Runner.Name, c.Runner.Metrics, c.Runner.QueueDepth));

    /// <summary>Runs every controller until cancelled (each waits for its informers' first sync).</summary>
    /// <param name="cancellationToken">Stops the controllers.</param>
    /// <returns>Completes when all stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_controllers.Select(c => c.Runner.RunAsync(c.Workers, cancellationToken)));

    private void Add<TKey>(Controller<TKey> controller, int workers)
        where TKey : notnull => _controllers.Add((new ControllerRunner<TKey>(controller), workers));

    private interface IControllerRunner
    {
        string Name { get; }

        ControllerMetrics Metrics { get; }

        int QueueDepth { get; }

        Task RunAsync(int workers, CancellationToken cancellationToken);
    }

    private sealed class InstallationRunner(InstallationController installation) : IControllerRunner
    {
        public string Name => installation.Controller.Name;

        public ControllerMetrics Metrics => installation.Controller.Metrics;

        public int QueueDepth => installation.Controller.Queue.Count;

        public Task RunAsync(int workers, CancellationToken cancellationToken) => installation.RunAsync(cancellationToken);
    }

    private sealed class ControllerRunner<TKey>(Controller<TKey> controller) : IControllerRunner
        where TKey : notnull
    {
        public string Name => controller.Name;

        public ControllerMetrics Metrics => controller.Metrics;

        public int QueueDepth => controller.Queue.Count;

        public Task RunAsync(int workers, CancellationToken cancellationToken) => controller.RunAsync(workers, cancellationToken);
    }
}
