namespace ClusterGateway.AddonManager.Addon;

/// <summary>Values the addon reconcilers write (upstream <c>pkg/addon/controllers/installer.go</c> unless noted).</summary>
internal static class AddonDefaults
{
    /// <summary>The ManagedServiceAccount name when <c>secretManagement.managedServiceAccount.name</c> is unset (upstream default).</summary>
    public const string ManagedServiceAccountName = "cluster-gateway";

    /// <summary>
    /// The token validity of our ManagedServiceAccounts as a Go duration: 180 days, as upstream (the OCM default is 360 days).
    /// </summary>
    public const string TokenValidity = "4320h0m0s";

    /// <summary><c>spec.installNamespace</c> of the ManagedClusterAddOns we create (addon-framework's default).</summary>
    public const string AgentInstallNamespace = "open-cluster-management-agent-addon";

    /// <summary><c>spec.addOnMeta.displayName</c> of the ClusterManagementAddOn.</summary>
    public const string DisplayName = AddonNames.AddonName;

    /// <summary><c>spec.addOnMeta.description</c> of the ClusterManagementAddOn.</summary>
    public const string Description =
        "cluster-gateway: a Kubernetes aggregated API server proxying requests to the managed clusters (clustergateways.cluster.core.oam.dev)";

    /// <summary>Value of the <c>ManagedClusterAddOn</c> / <c>ClusterManagementAddOn</c> installStrategy we apply.</summary>
    public const string ManualInstallStrategy = "Manual";
}
