namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Condition types and reasons the installation reconciler writes to <c>ClusterGatewayConfiguration.status</c>.
/// <see cref="Deployed"/> is upstream's constant <c>ConditionTypeClusterGatewayDeployed</c> (declared there, never written).
/// </summary>
internal static class InstallationConditions
{
    /// <summary>Everything was applied for this configuration (False: why not).</summary>
    public const string Deployed = "ClusterGatewayDeployed";

    /// <summary>A gateway replica is ready and the APIService is registered, i.e. the API is served.</summary>
    public const string Available = "Available";

    /// <summary>Deployed: every object was applied.</summary>
    public const string Applied = "Applied";

    /// <summary>Deployed: an apply or read failed; retried with backoff.</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>Deployed: the spec cannot be installed; nothing is retried until it changes.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>Deployed and Available: another configuration drives the (single) installation.</summary>
    public const string NotActive = "NotActive";

    /// <summary>Deployed: a cluster-proxy credential Secret to copy does not exist.</summary>
    public const string ProxyCredentialsMissing = "ProxyCredentialsMissing";

    /// <summary>Available: a replica is ready and the APIService registered.</summary>
    public const string DeploymentReady = "DeploymentReady";

    /// <summary>Available: no replica is ready yet (the APIService waits for one).</summary>
    public const string DeploymentNotReady = "DeploymentNotReady";
}
