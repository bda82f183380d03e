namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>Values of <c>spec.secretManagement.type</c> of a ClusterGatewayConfiguration.</summary>
public static class SecretManagementTypes
{
    /// <summary>The cluster Secrets are managed by the user.</summary>
    public const string Manual = "Manual";

    /// <summary>The addon-manager writes the cluster Secrets from ManagedServiceAccount tokens (upstream default).</summary>
    public const string ManagedServiceAccount = "ManagedServiceAccount";
}
