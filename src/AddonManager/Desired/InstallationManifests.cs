using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// Everything the installation applies before the APIService, in dependency order (namespaces, ServiceAccount, RBAC,
/// Service, Deployment). The APIService (<see cref="ApiServiceManifest"/>) is left out on purpose: it is applied only
/// once the Deployment has ready replicas and needs the CA bundle.
/// </summary>
internal static class InstallationManifests
{
    /// <summary>Builds the manifests.</summary>
    /// <param name="configuration">The configuration, as read from the server.</param>
    /// <param name="healthProbeFreshness">The gateway's <c>--health-probe-freshness</c> (<see cref="GatewayArguments"/>).</param>
    /// <returns>The manifests in apply order.</returns>
    public static IReadOnlyList<JsonObject> Build(V1Alpha1ClusterGatewayConfiguration configuration,
        TimeSpan? healthProbeFreshness = null) =>
    [
        .. NamespaceManifests.Build(configuration),
        ServiceAccountManifest.Build(configuration),
        .. RbacManifests.Build(configuration),
        ServiceManifest.Build(configuration),
        DeploymentManifest.Build(configuration, healthProbeFreshness),
    ];
}
