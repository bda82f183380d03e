using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>The gateway's ServiceAccount <c>&lt;installNamespace&gt;/cluster-gateway</c>, the subject of all its RBAC.</summary>
internal static class ServiceAccountManifest
{
    /// <summary>Builds the ServiceAccount manifest.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject Build(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ManifestMetadata.Create(configuration, "v1", "ServiceAccount", InstallationNames.Gateway,
            configuration.Spec.InstallNamespace);
    }
}
