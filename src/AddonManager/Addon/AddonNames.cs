namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// Names the addon-manager shares with OCM and with upstream (<c>pkg/common/constants.go</c>,
/// <c>pkg/addon/agent/addon.go</c>): the addon name, the field manager and the labels marking what it created.
/// </summary>
internal static class AddonNames
{
    /// <summary>The addon name: the ClusterManagementAddOn and every ManagedClusterAddOn are named so.</summary>
    public const string AddonName = "cluster-gateway";

    /// <summary>The server-side apply field manager and event source component.</summary>
    public const string FieldManager = "cluster-gateway-addon-manager";

    /// <summary>Label on everything the addon-manager created outside the installation (value <see cref="FieldManager"/>).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Label on a gateway Secret naming the managed cluster it was written for.</summary>
    public const string ClusterLabel = "proxy.open-cluster-management.io/cluster-name";

    /// <summary>Label the managed-serviceaccount addon puts on token Secrets (value <c>true</c>).</summary>
    public const string ManagedServiceAccountSecretLabel = "authentication.open-cluster-management.io/is-managed-serviceaccount";

    /// <summary>The CRD name ClusterManagementAddOns reference in <c>spec.addOnConfiguration.crdName</c>.</summary>
    public const string ConfigurationCrdName = "clustergatewayconfigurations.proxy.open-cluster-management.io";
}
