using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The gateway's own API surface for kubectl and the aggregator: legacy discovery (<c>/api</c>, <c>/apis</c>,
/// <c>/apis/cluster.core.oam.dev</c>, <c>/apis/cluster.core.oam.dev/v1alpha1</c>) and the read-only
/// <c>clustergateways</c> resource (get, list; Table negotiation). Proxy and health subresources are mapped elsewhere.
/// </summary>
internal static class ClusterGatewayApiEndpoints
{
    /// <summary><c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways</c>.</summary>
    public const string CollectionPath = "/apis/" + ApiGroups.ClusterGroup + "/" + ApiGroups.Version + "/" + ApiGroups.ClusterGateways;

    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <summary>
    /// Maps discovery and <c>clustergateways</c> get/list. Requires an <c>IClusterRegistry</c> service. Writes answer
    /// 405 MethodNotAllowed (the resource is read-only); <c>?watch=true</c> answers 405 until watch is served.
    /// </summary>
    /// <param name="endpoints">The route builder (a <c>WebApplication</c> or a group).</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapClusterGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        MapDocument(endpoints, "/api", DiscoveryDocuments.LegacyCore);
        MapDocument(endpoints, "/apis", DiscoveryDocuments.Groups);
        MapDocument(endpoints, "/apis/" + ApiGroups.ClusterGroup, DiscoveryDocuments.Group);
        MapDocument(endpoints, "/apis/" + ApiGroups.ClusterApiVersion, DiscoveryDocuments.Resources);

        endpoints.MapGet(CollectionPath, ClusterGatewayHandlers.ListAsync);
        endpoints.MapGet(CollectionPath + "/{name}",
            context => ClusterGatewayHandlers.GetAsync(context, (string)context.Request.RouteValues["name"]!));
        endpoints.MapMethods(CollectionPath, WriteMethods, context => StatusResponses.WriteAsync(context, ApiStatuses.ReadOnly()));
        endpoints.MapMethods(CollectionPath + "/{name}", WriteMethods,
            context => StatusResponses.WriteAsync(context, ApiStatuses.ReadOnly()));
        return endpoints;
    }

    private static void MapDocument(IEndpointRouteBuilder endpoints, string path, object document) =>
        endpoints.MapGet(path, context => JsonResponses.WriteAsync(context, document));
}
