using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>meta.k8s.io/v1 Table</c> (or <c>v1beta1</c>, same shape): what <c>kubectl get</c> prints
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables).
/// </summary>
internal sealed class TableDocument
{
    [JsonPropertyName("kind")]
    public string Kind { get; } = "Table";

    /// <summary><c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>, as negotiated.</summary>
    [JsonPropertyName("apiVersion")]
    public required string ApiVersion { get; init; }

    [JsonPropertyName("metadata")]
    public ListMeta Metadata { get; init; } = new();

    /// <summary>The columns; null (omitted) in watch events after the first.</summary>
    [JsonPropertyName("columnDefinitions")]
    public IReadOnlyList<TableColumnDefinition>? ColumnDefinitions { get; init; }

    [JsonPropertyName("rows")]
    public required IReadOnlyList<TableRow> Rows { get; init; }
}
