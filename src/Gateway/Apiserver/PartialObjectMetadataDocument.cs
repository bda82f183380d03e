using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>PartialObjectMetadata</c>: a Table row's default <c>object</c>
/// (<c>{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{...}}</c>).
/// </summary>
internal sealed record PartialObjectMetadataDocument(
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ObjectMeta Metadata)
{
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-1)]
    public string Kind => "PartialObjectMetadata";
}
