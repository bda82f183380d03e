using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>PartialObjectMetadataList</c>: a list answered to <c>Accept: application/json;as=PartialObjectMetadataList;
/// g=meta.k8s.io;v=v1</c> (metadata informers; apiserver <c>handlers/response.go</c> <c>asPartialObjectMetadataList</c>):
/// <c>{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":...},"items":[...]}</c>.
/// </summary>
/// <param name="ApiVersion"><c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>.</param>
/// <param name="Metadata">List metadata.</param>
/// <param name="Items">One PartialObjectMetadata per object.</param>
internal sealed record PartialObjectMetadataListDocument(
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ListMeta Metadata,
    [property: JsonPropertyName("items")] IReadOnlyList<PartialObjectMetadataDocument> Items)
{
    /// <summary>Always <c>PartialObjectMetadataList</c>.</summary>
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-1)]
    public string Kind => "PartialObjectMetadataList";
}
