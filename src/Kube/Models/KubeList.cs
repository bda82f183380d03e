using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models;

/// <summary>A list response: <c>{"kind":"SecretList","metadata":{...},"items":[...]}</c>.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed class KubeList<T>
{
    /// <summary><c>apiVersion</c> of the list.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary><c>kind</c> of the list, e.g. <c>SecretList</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>List metadata; its resourceVersion is where a following watch starts.</summary>
    [JsonPropertyName("metadata")]
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items.</summary>
    [JsonPropertyName("items")]
    public List<T> Items { get; set; } = [];
}
