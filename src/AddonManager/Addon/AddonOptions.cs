namespace ClusterGateway.AddonManager.Addon;

/// <summary>Options of the addon reconcilers.</summary>
/// <param name="InstallAll">
/// <c>--install-all</c> (default false): create the ManagedClusterAddOn <c>cluster-gateway</c> in every ManagedCluster's
/// namespace, as upstream's addon-framework <c>InstallAllStrategy</c> did; otherwise the user (or an OCM install strategy)
/// enables the addon per cluster.
/// </param>
internal sealed record AddonOptions(bool InstallAll);
