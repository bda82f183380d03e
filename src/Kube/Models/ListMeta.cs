using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models;

/// <summary><c>metav1.ListMeta</c>: metadata of a list response.</summary>
public sealed class ListMeta
{
    /// <summary>The resourceVersion the list was read at; a watch started from it misses no event.</summary>
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }

    /// <summary>Continue token for paginated lists (<c>limit</c>/<c>continue</c> query parameters).</summary>
    [JsonPropertyName("continue")]
    public string? Continue { get; set; }

    /// <summary>Fields not modelled above, kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
