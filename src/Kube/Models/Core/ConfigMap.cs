using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Core;

/// <summary>
/// core/v1 ConfigMap: string data by key; <c>binaryData</c>, <c>immutable</c> and any other field survive round
/// trips through <see cref="Extra"/>
/// (https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/config-map-v1/).
/// </summary>
public sealed class ConfigMap : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = "v1";

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ConfigMap";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Key to UTF-8 text value.</summary>
    [JsonPropertyName("data")]
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Fields not modelled above (binaryData, immutable, ...), kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
