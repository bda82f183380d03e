using ClusterGateway.AddonManager.Addon;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// The installation controller, ready to run under leader election: the <see cref="InstallationReconciler"/> behind a
/// work queue, fed by informers on ClusterGatewayConfigurations and on the labelled objects the installation owns
/// (Deployments, Secrets, APIServices; label <c>proxy.open-cluster-management.io/addon-name=cluster-gateway</c>), so a
/// deleted or edited object is restored and a replica turning ready registers the APIService. The ClusterManagementAddOn
/// <c>cluster-gateway</c> is watched too, but its informer is not waited for: OCM may not be installed.
/// Single use, like its informers and queue: create a new instance for each leadership term.
/// </summary>
internal sealed class InstallationController
{
    private readonly List<Func<CancellationToken, Task>> _informers = [];

    /// <summary>Creates the controller and its informers; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="client">The hub client.</param>
    /// <param name="settings">Signer Secret location and TLS policy.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Logger source.</param>
    /// <param name="informerOptions">Informer tuning; defaults when null.</param>
    /// <param name="events">Records Events on the configuration; none when null.</param>
    /// <param name="sharedConfigurations">An informer on ClusterGatewayConfigurations the caller runs (the host's shared
    /// one, so the hub serves one list+watch per kind); when null the controller creates and runs its own.</param>
    /// <param name="sharedClusterManagementAddOns">Likewise for ClusterManagementAddOns (any name; only
    /// <c>cluster-gateway</c> triggers).</param>
    public InstallationController(
        KubeClient client, InstallationSettings settings, TimeProvider timeProvider, ILoggerFactory loggerFactory,
        InformerOptions? informerOptions = null, EventRecorder? events = null,
        Informer<V1Alpha1ClusterGatewayConfiguration>? sharedConfigurations = null,
        Informer<ClusterManagementAddOn>? sharedClusterManagementAddOns = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var options = informerOptions ?? new InformerOptions();
        var informerLogger = loggerFactory.CreateLogger<Informer<PartialObject>>();
        var selector = $"{InstallationNames.AddonNameLabel}={InstallationNames.Gateway}";
        Configurations = sharedConfigurations ?? new Informer<V1Alpha1ClusterGatewayConfiguration>(client,
            V1Alpha1ClusterGatewayConfiguration.ResourceKind,
            logger: loggerFactory.CreateLogger<Informer<V1Alpha1ClusterGatewayConfiguration>>(), options: options);
        var deployments = new Informer<PartialObject>(client, InstallationResources.Deployments, null, selector, informerLogger, options);
        var secrets = new Informer<PartialObject>(client, ResourceKind.Secrets, null, selector, informerLogger, options);
        var apiServices = new Informer<PartialObject>(client, InstallationResources.ApiServices, null, selector, informerLogger, options);

        var reconciler = new InstallationReconciler(client, Configurations, settings, timeProvider,
            loggerFactory.CreateLogger<InstallationReconciler>(), events);
        Controller = new Controller<string>("installation", reconciler, new WorkQueue<string>(timeProvider: timeProvider),
                loggerFactory.CreateLogger<InstallationController>())
            .Watch(Configurations, Trigger)
            .Watch(deployments, Trigger)
            .Watch(secrets, Trigger)
            .Watch(apiServices, Trigger);
        _informers.AddRange([deployments.RunAsync, secrets.RunAsync, apiServices.RunAsync]);
        if (sharedConfigurations is null)
        {
            _informers.Add(Configurations.RunAsync);
        }

        if (sharedClusterManagementAddOns is not null)
        {
            sharedClusterManagementAddOns.Changed += change =>
            {
                if (change.Object.Metadata.Name == AddonNames.AddonName)
                {
                    Controller.Queue.Add(InstallationReconciler.Key);
                }
            };
        }
        else
        {
            var addOns = new Informer<PartialObject>(client, ClusterManagementAddOn.ResourceKind, logger: informerLogger,
                options: options with { FieldSelector = $"metadata.name={AddonNames.AddonName}" });
            addOns.Changed += _ => Controller.Queue.Add(InstallationReconciler.Key);
            _informers.Add(addOns.RunAsync);
        }
    }

    /// <summary>Gets the ClusterGatewayConfiguration informer (the reconciler's source of configurations).</summary>
    public Informer<V1Alpha1ClusterGatewayConfiguration> Configurations { get; }

    /// <summary>Gets the controller (its queue takes <see cref="InstallationReconciler.Key"/>).</summary>
    public Controller<string> Controller { get; }

    /// <summary>Runs the informers and one reconcile worker until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops everything (e.g. leadership lost, shutdown).</param>
    /// <returns>Completes when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informers = _informers.Select(run => Task.Run(() => run(stop.Token), CancellationToken.None)).ToList();

        // One reconcile at start even with no configuration: it reports that nothing is to be done.
        Controller.Queue.Add(InstallationReconciler.Key);
        try
        {
            await Controller.RunAsync(1, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(informers).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> Trigger<T>(T changed) => [InstallationReconciler.Key];
}
