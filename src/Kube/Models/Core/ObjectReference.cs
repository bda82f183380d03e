using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Core;

/// <summary>core/v1 <c>ObjectReference</c>: points at one object.</summary>
public sealed class ObjectReference
{
    /// <summary><c>apiVersion</c> of the referent.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>Kind of the referent.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>Namespace; <see langword="null"/> when cluster-scoped.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>Name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>UID.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>resourceVersion the reference was made at.</summary>
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }
}
