using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>The caches the addon reconcilers read (the host creates and runs them).</summary>
/// <param name="Configurations">Every ClusterGatewayConfiguration (cluster-scoped).</param>
/// <param name="ClusterManagementAddOns">Every ClusterManagementAddOn (cluster-scoped); only <c>cluster-gateway</c> matters.</param>
/// <param name="ManagedClusters">Every ManagedCluster (cluster-scoped).</param>
/// <param name="ManagedClusterAddOns">ManagedClusterAddOns in all namespaces; only those named <c>cluster-gateway</c> matter.</param>
/// <param name="ManagedServiceAccounts">ManagedServiceAccounts (v1beta1) in all namespaces.</param>
/// <param name="TokenSecrets">
/// Secrets in all namespaces labelled <c>authentication.open-cluster-management.io/is-managed-serviceaccount=true</c>
/// (the tokens the managed-serviceaccount agent reports).
/// </param>
/// <param name="GatewaySecrets">
/// Secrets in all namespaces labelled <c>app.kubernetes.io/managed-by=cluster-gateway-addon-manager</c> (what we wrote).
/// </param>
internal sealed record AddonInformers(
    Informer<V1Alpha1ClusterGatewayConfiguration> Configurations,
    Informer<ClusterManagementAddOn> ClusterManagementAddOns,
    Informer<ManagedCluster> ManagedClusters,
    Informer<ManagedClusterAddOn> ManagedClusterAddOns,
    Informer<ManagedServiceAccount> ManagedServiceAccounts,
    Informer<Secret> TokenSecrets,
    Informer<Secret> GatewaySecrets)
{
    /// <summary>The ClusterManagementAddOn <c>cluster-gateway</c> from the cache, or null.</summary>
    /// <returns>The cached object (do not mutate it).</returns>
    public ClusterManagementAddOn? ClusterManagementAddOn() =>
        ClusterManagementAddOns.TryGet(null, AddonNames.AddonName, out var cma) ? cma : null;

    /// <summary>The active configuration (<see cref="ActiveConfiguration.Select"/> over the caches), or null.</summary>
    /// <returns>The cached configuration (do not mutate it).</returns>
    public V1Alpha1ClusterGatewayConfiguration? SelectActiveConfiguration() =>
        ActiveConfiguration.Select(Configurations.List(), ClusterManagementAddOn());
}
