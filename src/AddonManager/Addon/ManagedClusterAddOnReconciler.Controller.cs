using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>The controller wiring: which changes re-queue which clusters.</summary>
internal sealed partial class ManagedClusterAddOnReconciler
{
    /// <summary>
    /// The controller. Keys: a ManagedClusterAddOn <c>cluster-gateway</c>, ManagedServiceAccount or token Secret → its
    /// namespace; a gateway Secret → its cluster label; a ManagedCluster → its name; a configuration (metadata or spec
    /// change; status-only updates are ignored) or the ClusterManagementAddOn <c>cluster-gateway</c> → every known
    /// cluster (<see cref="KnownClusters"/>).
    /// </summary>
    /// <param name="reconciler">The reconciler.</param>
    /// <param name="informers">The caches (the caller runs them).</param>
    /// <param name="logger">Logger of the controller.</param>
    /// <returns>The controller; the caller runs it.</returns>
    public static Controller<string> CreateController(ManagedClusterAddOnReconciler reconciler, AddonInformers informers,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(informers);
        var controller = new Controller<string>("managedclusteraddon", reconciler, logger: logger)
            .Watch(informers.ManagedClusterAddOns, a => a.Metadata.Name == AddonNames.AddonName ? Namespace(a.Metadata.Namespace) : [])
            .Watch(informers.ManagedServiceAccounts, m => Namespace(m.Metadata.Namespace))
            .Watch(informers.TokenSecrets, s => Namespace(s.Metadata.Namespace))
            .Watch(informers.GatewaySecrets, s => Namespace(s.Metadata.Labels?.GetValueOrDefault(AddonNames.ClusterLabel)))
            .Watch(informers.ManagedClusters, c => Namespace(c.Metadata.Name))
            .Watch(informers.ClusterManagementAddOns, c => c.Metadata.Name == AddonNames.AddonName ? KnownClusters(informers) : [])
            .WatchChanges(informers.Configurations, change => Matters(change) ? KnownClusters(informers) : []);
        return controller;
    }

    /// <summary>
    /// Every cluster the reconciler may have to act on: namespaces of ManagedClusterAddOns <c>cluster-gateway</c>, names of
    /// ManagedClusters, cluster labels of our gateway Secrets, namespaces of our ManagedServiceAccounts.
    /// </summary>
    /// <param name="informers">The caches.</param>
    /// <returns>Distinct cluster names.</returns>
    public static IReadOnlyCollection<string> KnownClusters(AddonInformers informers)
    {
        ArgumentNullException.ThrowIfNull(informers);
        var clusters = new HashSet<string>(StringComparer.Ordinal);
        clusters.UnionWith(informers.ManagedClusterAddOns.List()
            .Where(a => a.Metadata.Name == AddonNames.AddonName).SelectMany(a => Namespace(a.Metadata.Namespace)));
        clusters.UnionWith(informers.ManagedClusters.List().SelectMany(c => Namespace(c.Metadata.Name)));
        clusters.UnionWith(informers.GatewaySecrets.List()
            .SelectMany(s => Namespace(s.Metadata.Labels?.GetValueOrDefault(AddonNames.ClusterLabel))));
        clusters.UnionWith(informers.ManagedServiceAccounts.List()
            .Where(m => m.Metadata.Labels?.GetValueOrDefault(AddonNames.ManagedByLabel) == AddonNames.FieldManager)
            .SelectMany(m => Namespace(m.Metadata.Namespace)));
        return clusters;
    }

    // The installation reconciler writes configuration status often; only spec (generation) and lifecycle changes
    // can change what this reconciler does.
    private static bool Matters(InformerEvent<V1Alpha1ClusterGatewayConfiguration> change) =>
        change.Type != InformerEventType.Modified ||
        change.Old!.Metadata.Generation != change.New!.Metadata.Generation ||
        change.Old.Metadata.DeletionTimestamp != change.New.Metadata.DeletionTimestamp;

    private static string[] Namespace(string? name) => string.IsNullOrEmpty(name) ? [] : [name];
}
