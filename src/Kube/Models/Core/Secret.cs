using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Core;

/// <summary>
/// core/v1 Secret. <see cref="Data"/> values are raw bytes (base64 on the wire);
/// <see cref="StringData"/> is the write-only plain-text form that the API server merges into <see cref="Data"/>
/// (https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/secret-v1/).
/// </summary>
public sealed class Secret : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = "v1";

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "Secret";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Secret type, e.g. <c>Opaque</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Key to raw value.</summary>
    [JsonPropertyName("data")]
    public Dictionary<string, byte[]>? Data { get; set; }

    /// <summary>Key to plain-text value; write-only on a real API server, merged over <see cref="Data"/>.</summary>
    [JsonPropertyName("stringData")]
    public Dictionary<string, string>? StringData { get; set; }

    /// <summary>Fields not modelled above (immutable, ...), kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
