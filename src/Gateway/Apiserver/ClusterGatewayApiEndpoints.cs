using ClusterGateway.Crds;
using ClusterGateway.Gateway.Apiserver.OpenApi;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The gateway's own API surface for kubectl and the aggregator: discovery (<c>/api</c>, <c>/apis</c> legacy and
/// aggregated v2/v2beta1, <c>/apis/cluster.core.oam.dev</c>, <c>/apis/cluster.core.oam.dev/v1alpha1</c>), OpenAPI
/// (<c>/openapi/v2</c>, <c>/openapi/v3</c>) and the read-only <c>clustergateways</c> resource: get, list and watch
/// (also <c>/watch/clustergateways[/{name}]</c>), Table and PartialObjectMetadata negotiation. Proxy and health
/// subresources are mapped elsewhere. No route answers with a redirect.
/// </summary>
internal static class ClusterGatewayApiEndpoints
{
    /// <summary><c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways</c>.</summary>
    public const string CollectionPath = "/apis/" + ApiGroups.ClusterApiVersion + "/" + ApiGroups.ClusterGateways;

    private const string WatchPath = "/apis/" + ApiGroups.ClusterApiVersion + "/watch/" + ApiGroups.ClusterGateways;

    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <summary>
    /// Maps discovery, OpenAPI and <c>clustergateways</c> get/list/watch. Requires an <c>IClusterRegistry</c> service
    /// (and optionally <c>ClusterGatewayWatchOptions</c>). Writes answer 405 MethodNotAllowed (read-only resource).
    /// </summary>
    /// <param name="endpoints">The route builder (a <c>WebApplication</c> or a group).</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapClusterGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        DiscoveryEndpoints.Map(endpoints);
        OpenApiEndpoints.MapOpenApi(endpoints);

        endpoints.MapGet(CollectionPath, ClusterGatewayHandlers.ListAsync);
        endpoints.MapGet(CollectionPath + "/{name}",
            context => ClusterGatewayHandlers.GetAsync(context, (string)context.Request.RouteValues["name"]!));
        endpoints.MapGet(WatchPath, context => ClusterGatewayHandlers.WatchAsync(context, name: null));
        endpoints.MapGet(WatchPath + "/{name}",
            context => ClusterGatewayHandlers.WatchAsync(context, (string)context.Request.RouteValues["name"]!));
        endpoints.MapMethods(CollectionPath, WriteMethods, context => StatusResponses.WriteAsync(context, ApiStatuses.ReadOnly()));
        endpoints.MapMethods(CollectionPath + "/{name}", WriteMethods,
            context => StatusResponses.WriteAsync(context, ApiStatuses.ReadOnly()));
        return endpoints;
    }
}
