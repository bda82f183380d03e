using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models;

/// <summary>
/// <c>metav1.ObjectMeta</c>: the metadata every persisted Kubernetes object carries.
/// Only the fields this project reads or writes are modelled; any other field survives a round trip
/// through <see cref="Extra"/> (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/).
/// </summary>
public sealed class ObjectMeta
{
    /// <summary>Object name, unique per namespace (DNS-1123 subdomain for most kinds).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Namespace; <see langword="null"/> for cluster-scoped objects.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>Server-assigned unique id.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>Opaque version used for optimistic concurrency and as the starting point of a watch.</summary>
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }

    /// <summary>Sequence number of the desired state; incremented by the server on spec changes.</summary>
    [JsonPropertyName("generation")]
    public long? Generation { get; set; }

    /// <summary>Creation time (RFC 3339, UTC, second precision).</summary>
    [JsonPropertyName("creationTimestamp")]
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>Set when deletion was requested and finalizers still hold the object.</summary>
    [JsonPropertyName("deletionTimestamp")]
    public DateTimeOffset? DeletionTimestamp { get; set; }

    /// <summary>Labels: selectable key/value pairs.</summary>
    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations: non-selectable key/value pairs.</summary>
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Finalizers that must be removed before the object is deleted.</summary>
    [JsonPropertyName("finalizers")]
    public List<string>? Finalizers { get; set; }

    /// <summary>Owners of this object (garbage collection).</summary>
    [JsonPropertyName("ownerReferences")]
    public List<JsonElement>? OwnerReferences { get; set; }

    /// <summary>Fields not modelled above (managedFields, generateName, ...), kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
