using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary>One entry of <c>spec.managedClusterClientConfigs</c>: <c>{"url":"https://…","caBundle":"base64 PEM"}</c>.</summary>
public sealed class ManagedClusterClientConfig
{
    /// <summary><c>url</c>: the cluster's API server URL.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary><c>caBundle</c>: PEM CA bundle (base64 in JSON) that signs the API server's certificate.</summary>
    [JsonPropertyName("caBundle")]
    public byte[]? CaBundle { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
