using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The ClusterGateway Table: columns <c>Name</c>, <c>Provider</c>, <c>Credential-Type</c>, <c>Endpoint-Type</c>,
/// <c>Healthy</c>, so kubectl prints <c>NAME PROVIDER CREDENTIAL-TYPE ENDPOINT-TYPE HEALTHY</c>
/// (upstream <c>pkg/apis/cluster/v1alpha1/printer.go</c>).
/// </summary>
internal static class ClusterGatewayTable
{
    private static readonly TableColumnDefinition[] Columns =
    [
        new("Name", "string", "name",
            "Name must be unique within a namespace. More info: " +
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", 0),
        new("Provider", "string", "", "The cluster provider (spec.provider).", 0),
        new("Credential-Type", "string", "", "How the gateway authenticates to the cluster (spec.access.credential.type).", 0),
        new("Endpoint-Type", "string", "", "How the gateway reaches the cluster (spec.access.endpoint.type).", 0),
        new("Healthy", "string", "", "Whether the cluster was last seen healthy (status.healthy).", 0),
    ];

    /// <summary>Builds the Table for <paramref name="gateways"/> in the given order.</summary>
    /// <param name="gateways">The rows' objects.</param>
    /// <param name="tableVersion"><c>v1</c> or <c>v1beta1</c>, as negotiated from Accept.</param>
    /// <param name="includeObject">What each row's <c>object</c> holds.</param>
    /// <param name="resourceVersion">The Table's <c>metadata.resourceVersion</c>, when known.</param>
    /// <param name="withColumns">Whether to include the column definitions (watch events after the first omit them,
    /// as kube-apiserver's <c>watchEmbeddedEncoder</c> does).</param>
    /// <returns>The Table.</returns>
    public static TableDocument Build(IEnumerable<V1Alpha1ClusterGateway> gateways, string tableVersion,
        TableIncludeObject includeObject, string? resourceVersion, bool withColumns = true)
    {
        var apiVersion = $"meta.k8s.io/{tableVersion}";
        return new TableDocument
        {
            ApiVersion = apiVersion,
            Metadata = new ListMeta { ResourceVersion = resourceVersion },
            ColumnDefinitions = withColumns ? Columns : null,
            Rows = [.. gateways.Select(gateway => new TableRow(Cells(gateway), RowObject(gateway, apiVersion, includeObject)))],
        };
    }

    private static object?[] Cells(V1Alpha1ClusterGateway gateway) =>
    [
        gateway.Metadata.Name,
        gateway.Spec.Provider,
        gateway.Spec.Access.Credential?.Type ?? "<none>",
        gateway.Spec.Access.Endpoint.Type,
        gateway.Status.Healthy ? "true" : "false",
    ];

    private static object? RowObject(V1Alpha1ClusterGateway gateway, string apiVersion, TableIncludeObject includeObject) =>
        includeObject switch
        {
            TableIncludeObject.Object => gateway,
            TableIncludeObject.None => null,
            _ => new PartialObjectMetadataDocument(apiVersion, gateway.Metadata),
        };
}
