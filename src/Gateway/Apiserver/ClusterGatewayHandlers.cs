using ClusterGateway.Crds;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>GET /apis/cluster.core.oam.dev/v1alpha1/clustergateways[/{name}]</c>, served from the in-memory
/// <see cref="IClusterRegistry"/> snapshot (no remote call). Upstream: <c>clustergateway_types_secret.go</c> Get/List.
/// </summary>
internal static class ClusterGatewayHandlers
{
    /// <summary>
    /// The list: valid clusters only, sorted by name (ordinal); a <c>ClusterGatewayList</c> or a Table.
    /// Invalid clusters are left out (upstream skips failed conversions too); a get on one explains why.
    /// </summary>
    public static async Task ListAsync(HttpContext context)
    {
        if (ClusterGatewayRequest.Read(context.Request, isList: true, out var error) is not { } request)
        {
            await StatusResponses.WriteAsync(context, error!);
            return;
        }

        var gateways = Registry(context).Snapshot.Values
            .Where(entry => entry.Gateway is not null && request.Selector.Matches(entry.Name))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal)
            .Select(entry => entry.Gateway!)
            .ToList();
        object document = request.Format.AsTable
            ? ClusterGatewayTable.Build(gateways, request.Format.TableVersion, request.IncludeObject, resourceVersion: null)
            : new KubeList<V1Alpha1ClusterGateway>
            {
                ApiVersion = ApiGroups.ClusterApiVersion,
                Kind = ApiGroups.ClusterGatewayKind + "List",
                Items = gateways,
            };
        await JsonResponses.WriteAsync(context, document);
    }

    /// <summary>
    /// One cluster: the ClusterGateway or a one-row Table; 404 NotFound when unknown; 503 ServiceUnavailable naming the
    /// cluster and its error when its source is invalid.
    /// </summary>
    public static async Task GetAsync(HttpContext context, string name)
    {
        if (ClusterGatewayRequest.Read(context.Request, isList: false, out var error) is not { } request)
        {
            await StatusResponses.WriteAsync(context, error!);
            return;
        }

        if (!Registry(context).Snapshot.TryGetValue(name, out var entry))
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.NotFound(name));
            return;
        }

        if (entry.Gateway is not { } gateway)
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.Unavailable(name, entry.Error));
            return;
        }

        object document = request.Format.AsTable
            ? ClusterGatewayTable.Build([gateway], request.Format.TableVersion, request.IncludeObject,
                gateway.Metadata.ResourceVersion)
            : gateway;
        await JsonResponses.WriteAsync(context, document);
    }

    private static IClusterRegistry Registry(HttpContext context) =>
        context.RequestServices.GetRequiredService<IClusterRegistry>();
}
