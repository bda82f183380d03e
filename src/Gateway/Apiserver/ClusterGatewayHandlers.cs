using System.Globalization;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver.Watch;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>GET /apis/cluster.core.oam.dev/v1alpha1/clustergateways[/{name}]</c>, served from the in-memory
/// <see cref="IClusterRegistry"/> (no remote call). Upstream: <c>clustergateway_types_secret.go</c> Get/List.
/// </summary>
internal static class ClusterGatewayHandlers
{
    /// <summary>
    /// The list: valid clusters passing the field and label selectors, sorted by name (ordinal); a
    /// <c>ClusterGatewayList</c>, a Table or a PartialObjectMetadataList whose <c>metadata.resourceVersion</c> is the
    /// registry revision the items were read at. Invalid clusters are left out (upstream skips failed conversions
    /// too); a get on one explains why. With <c>watch</c> the request becomes a watch (<see cref="ClusterGatewayWatch"/>).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>A task.</returns>
    public static Task ListAsync(HttpContext context) => ListOrWatchAsync(context, forceWatch: false, name: null);

    /// <summary><c>/watch/clustergateways[/{name}]</c> (deprecated form): always a watch, of one object when named.</summary>
    /// <param name="context">The request.</param>
    /// <param name="name">The object, or null for the collection.</param>
    /// <returns>A task.</returns>
    public static Task WatchAsync(HttpContext context, string? name) => ListOrWatchAsync(context, forceWatch: true, name);

    /// <summary>
    /// One cluster: the ClusterGateway, a one-row Table or PartialObjectMetadata; 404 NotFound when unknown; 503
    /// ServiceUnavailable naming the cluster and its error when its source is invalid.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="name">The cluster.</param>
    /// <returns>A task.</returns>
    public static async Task GetAsync(HttpContext context, string name)
    {
        if (ClusterGatewayRequest.Read(context.Request, isCollection: false, forceWatch: false, out var error) is not { } request)
        {
            await StatusResponses.WriteAsync(context, error!);
            return;
        }

        if (!Registry(context).Snapshot.TryGetValue(name, out var entry))
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.NotFound(name));
            return;
        }

        await (entry.Gateway is { } gateway
            ? JsonResponses.WriteAsync(context, ClusterGatewayViews.Single(gateway, request))
            : StatusResponses.WriteAsync(context, ApiStatuses.Unavailable(name, entry.Error)));
    }

    private static async Task ListOrWatchAsync(HttpContext context, bool forceWatch, string? name)
    {
        if (ClusterGatewayRequest.Read(context.Request, isCollection: true, forceWatch, out var error) is not { } request)
        {
            await StatusResponses.WriteAsync(context, error!);
            return;
        }

        if (request.Watch is not null)
        {
            await ClusterGatewayWatch.ServeAsync(context, request, name);
            return;
        }

        var state = Registry(context).State;
        var gateways = state.Clusters.Values
            .Select(entry => entry.Gateway)
            .OfType<V1Alpha1ClusterGateway>()
            .Where(request.Matches)
            .ToList();
        var resourceVersion = state.Revision.ToString(CultureInfo.InvariantCulture);
        await JsonResponses.WriteAsync(context, ClusterGatewayViews.List(gateways, resourceVersion, request));
    }

    private static IClusterRegistry Registry(HttpContext context) =>
        context.RequestServices.GetRequiredService<IClusterRegistry>();
}
