using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The legacy discovery documents of the gateway, built from
/// <see cref="ServedResources"/> like the aggregated ones (<see cref="AggregatedDiscovery"/>).
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

    /// <summary><c>GET /apis/cluster.core.oam.dev/v1alpha1</c>: each resource, then each of its subresources.</summary>
    public static ApiResourceListDocument Resources { get; } = new()
    {
        GroupVersion = ApiGroups.ClusterApiVersion,
        Resources = [.. ServedResources.All.SelectMany(Flatten)],
    };

    private static IEnumerable<ApiResourceDocument> Flatten(ServedResource resource) =>
    [
        new ApiResourceDocument
        {
            Name = resource.Name, SingularName = resource.SingularName, Kind = resource.Kind, Verbs = resource.Verbs,
        },
        .. resource.Subresources.Select(sub => new ApiResourceDocument
        {
            Name = resource.Name + "/" + sub.Name, SingularName = "", Kind = sub.Kind, Verbs = sub.Verbs,
        }),
    ];
}
