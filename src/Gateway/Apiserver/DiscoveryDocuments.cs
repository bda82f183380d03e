using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The legacy discovery documents of the gateway (ARCHITECTURE §4; research D1.2; upstream registers
/// <c>cluster.core.oam.dev/v1alpha1</c> with <c>clustergateways</c> get/list and connect-only <c>proxy</c>).
/// Only what is served is listed: <c>clustergateways/health</c> joins when it is implemented.
/// </summary>
internal static class DiscoveryDocuments
{
    private static readonly GroupVersionForDiscovery V1Alpha1 = new(ApiGroups.ClusterApiVersion, ApiGroups.Version);

    /// <summary><c>GET /api</c>.</summary>
    public static ApiVersionsDocument LegacyCore { get; } = new();

    /// <summary><c>GET /apis/cluster.core.oam.dev</c>.</summary>
    public static ApiGroupDocument Group { get; } = new()
    {
        Kind = "APIGroup",
        ApiVersion = "v1",
        Name = ApiGroups.ClusterGroup,
        Versions = [V1Alpha1],
        PreferredVersion = V1Alpha1,
    };

    /// <summary><c>GET /apis</c>.</summary>
    public static ApiGroupListDocument Groups { get; } = new()
    {
        Groups = [new ApiGroupDocument { Name = ApiGroups.ClusterGroup, Versions = [V1Alpha1], PreferredVersion = V1Alpha1 }],
    };

    /// <summary><c>GET /apis/cluster.core.oam.dev/v1alpha1</c>.</summary>
    public static ApiResourceListDocument Resources { get; } = new()
    {
        GroupVersion = ApiGroups.ClusterApiVersion,
        Resources =
        [
            new ApiResourceDocument
            {
                Name = ApiGroups.ClusterGateways,
                SingularName = ApiGroups.ClusterGatewaySingular,
                Kind = ApiGroups.ClusterGatewayKind,
                Verbs = ["get", "list"],
            },
            new ApiResourceDocument
            {
                Name = ApiGroups.ClusterGateways + "/proxy",
                SingularName = "",
                Kind = "ClusterGatewayProxyOptions",
                Verbs = [],
            },
        ],
    };
}
