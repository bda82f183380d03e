using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver.Watch;

/// <summary>
/// The object of a BOOKMARK event: an empty object of the watched kind carrying only
/// <c>metadata.resourceVersion</c> (and the <c>k8s.io/initial-events-end</c> annotation after the initial events)
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks).
/// </summary>
/// <param name="Kind"><c>ClusterGateway</c> or <c>PartialObjectMetadata</c>.</param>
/// <param name="ApiVersion">Its apiVersion.</param>
/// <param name="Metadata">resourceVersion and annotations.</param>
internal sealed record BookmarkDocument(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ObjectMeta Metadata);
