using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Discovery routes. <c>/api</c> and <c>/apis</c> negotiate by Accept order
/// (<see cref="DiscoveryNegotiation"/>): aggregated v2/v2beta1 answers with the exact
/// <c>application/json;g=apidiscovery.k8s.io;v=...;as=APIGroupDiscoveryList</c> Content-Type, an <c>ETag</c>,
/// <c>Cache-Control: public</c> and 304 on <c>If-None-Match</c>; legacy answers APIVersions/APIGroupList. Both carry
/// <c>Vary: Accept</c>. <c>/apis/cluster.core.oam.dev[/v1alpha1]</c> are static and always 200 (the aggregator's
/// availability probe).
/// </summary>
internal static class DiscoveryEndpoints
{
    /// <summary>Maps the discovery routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api", context => WriteRootAsync(context, DiscoveryDocuments.LegacyCore,
            AggregatedDiscovery.ApiV2, AggregatedDiscovery.ApiV2Beta1));
        endpoints.MapGet("/apis", context => WriteRootAsync(context, DiscoveryDocuments.Groups,
            AggregatedDiscovery.ApisV2, AggregatedDiscovery.ApisV2Beta1));
        endpoints.MapGet("/apis/" + ApiGroups.ClusterGroup, context => JsonResponses.WriteAsync(context, DiscoveryDocuments.Group));
        endpoints.MapGet("/apis/" + ApiGroups.ClusterApiVersion,
            context => JsonResponses.WriteAsync(context, DiscoveryDocuments.Resources));
    }

    private static Task WriteRootAsync(HttpContext context, object legacy, CachedDocument v2, CachedDocument v2Beta1)
    {
        context.Response.Headers.Vary = "Accept";
        var version = DiscoveryNegotiation.AggregatedVersion(context.Request.Headers.Accept);
        if (version is null)
        {
            return JsonResponses.WriteAsync(context, legacy);
        }

        context.Response.Headers.CacheControl = "public";
        return CachedResponses.WriteAsync(context, version == "v2" ? v2 : v2Beta1, AggregatedDiscovery.ContentType(version));
    }
}
