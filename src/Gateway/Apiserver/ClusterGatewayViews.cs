using ClusterGateway.Crds;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The negotiated representation of ClusterGateways: the object or <c>ClusterGatewayList</c>, a Table, or
/// PartialObjectMetadata(List) (apiserver <c>handlers/response.go</c> <c>doTransformObject</c>).
/// </summary>
internal static class ClusterGatewayViews
{
    /// <summary>One object as a get response or watch event object.</summary>
    /// <param name="gateway">The object.</param>
    /// <param name="request">The negotiated request.</param>
    /// <param name="withColumns">For Tables: include column definitions.</param>
    /// <returns>The document to serialize.</returns>
    public static object Single(V1Alpha1ClusterGateway gateway, ClusterGatewayRequest request, bool withColumns = true) =>
        request.Format.Shape switch
        {
            ResponseShape.Table => ClusterGatewayTable.Build([gateway], request.Format.MetaVersion, request.IncludeObject,
                gateway.Metadata.ResourceVersion, withColumns),
            ResponseShape.PartialObjectMetadata =>
                new PartialObjectMetadataDocument($"meta.k8s.io/{request.Format.MetaVersion}", gateway.Metadata),
            _ => gateway,
        };

    /// <summary>A list response.</summary>
    /// <param name="gateways">The items, in order.</param>
    /// <param name="resourceVersion">The list's <c>metadata.resourceVersion</c>.</param>
    /// <param name="request">The negotiated request.</param>
    /// <returns>The document to serialize.</returns>
    public static object List(List<V1Alpha1ClusterGateway> gateways, string resourceVersion, ClusterGatewayRequest request)
    {
        var metaVersion = $"meta.k8s.io/{request.Format.MetaVersion}";
        return request.Format.Shape switch
        {
            ResponseShape.Table => ClusterGatewayTable.Build(gateways, request.Format.MetaVersion, request.IncludeObject,
                resourceVersion),
            ResponseShape.PartialObjectMetadata => new PartialObjectMetadataListDocument(metaVersion,
                new ListMeta { ResourceVersion = resourceVersion },
                [.. gateways.Select(gateway => new PartialObjectMetadataDocument(metaVersion, gateway.Metadata))]),
            _ => new KubeList<V1Alpha1ClusterGateway>
            {
                ApiVersion = ApiGroups.ClusterApiVersion,
                Kind = ApiGroups.ClusterGatewayKind + "List",
                Metadata = new ListMeta { ResourceVersion = resourceVersion },
                Items = gateways,
            },
        };
    }
}
