using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// The ClusterIP Service <c>&lt;installNamespace&gt;/cluster-gateway</c> (port <c>https</c> 9443 → 9443) that the
/// APIService points at; its DNS names are the serving certificate's SANs.
/// </summary>
internal static class ServiceManifest
{
    /// <summary>Builds the Service manifest.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject Build(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var service = ManifestMetadata.Create(configuration, "v1", "Service", InstallationNames.Gateway,
            configuration.Spec.InstallNamespace);
        service["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["selector"] = new JsonObject { [InstallationNames.AddonNameLabel] = InstallationNames.Gateway },
            ["ports"] = new JsonArray(new JsonObject
            {
                ["name"] = "https",
                ["protocol"] = "TCP",
                ["port"] = InstallationNames.SecurePort,
                ["targetPort"] = InstallationNames.SecurePort,
            }),
        };
        return service;
    }
}
