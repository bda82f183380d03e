namespace ClusterGateway.AddonManager.Addon;

/// <summary>Reasons of the Events the addon reconcilers record (UpperCamelCase, as <c>kubectl describe</c> shows them).</summary>
internal static class AddonEventReasons
{
    /// <summary>Normal, on the active configuration: the ClusterManagementAddOn <c>cluster-gateway</c> was first applied.</summary>
    public const string ClusterManagementAddOnApplied = "ClusterManagementAddOnApplied";

    /// <summary>Normal, on the ManagedClusterAddOn: <c>--install-all</c> created it.</summary>
    public const string ManagedClusterAddOnCreated = "ManagedClusterAddOnCreated";

    /// <summary>Normal, on the ManagedClusterAddOn: its ManagedServiceAccount was created.</summary>
    public const string ManagedServiceAccountCreated = "ManagedServiceAccountCreated";

    /// <summary>Normal: a ManagedServiceAccount we created is no longer wanted and was deleted.</summary>
    public const string ManagedServiceAccountRemoved = "ManagedServiceAccountRemoved";

    /// <summary>Normal, on the ManagedClusterAddOn: the gateway Secret was created or updated.</summary>
    public const string GatewaySecretWritten = "GatewaySecretWritten";

    /// <summary>Normal: a gateway Secret we wrote is no longer wanted and was deleted.</summary>
    public const string GatewaySecretRemoved = "GatewaySecretRemoved";

    /// <summary>Warning, on the ManagedClusterAddOn: a Secret of the gateway Secret's name belongs to someone else.</summary>
    public const string SecretConflict = "SecretConflict";

    /// <summary>
    /// Warning, on the ManagedClusterAddOn (else its ManagedCluster, else the ClusterManagementAddOn): a per-cluster
    /// reconcile failed with an API error, e.g. 403 when the manager's RBAC lacks a permission; it is retried.
    /// </summary>
    public const string ReconcileFailed = "ReconcileFailed";
}
