using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// What <c>cluster.core.oam.dev/v1alpha1</c> serves. Verbs follow kube-apiserver's installer
/// (apiserver <c>pkg/endpoints/installer.go</c>): <c>clustergateways</c> get, list, watch (upstream lacks watch);
/// <c>health</c> get, patch, update; the connect subresource <c>proxy</c> lists the verbs of its HTTP methods
/// (<c>toDiscoveryKubeVerb</c>: GET get, POST create, PUT update, PATCH patch, DELETE delete), as <c>pods/proxy</c> does.
/// </summary>
internal static class ServedResources
{
    /// <summary>Kind of the proxy subresource's options (upstream <c>ClusterGatewayProxyOptions</c>).</summary>
    public const string ProxyOptionsKind = "ClusterGatewayProxyOptions";

    /// <summary><c>clustergateways</c> with <c>health</c> and <c>proxy</c>.</summary>
    public static ServedResource ClusterGateways { get; } = new(
        ApiGroups.ClusterGateways,
        ApiGroups.ClusterGatewaySingular,
        ApiGroups.ClusterGatewayKind,
        ["get", "list", "watch"],
        [
            new ServedSubresource("health", ApiGroups.ClusterGatewayKind, ["get", "patch", "update"]),
            new ServedSubresource("proxy", ProxyOptionsKind, ["create", "delete", "get", "patch", "update"]),
        ]);

    /// <summary>All resources of the group version.</summary>
    public static IReadOnlyList<ServedResource> All { get; } = [ClusterGateways];
}
