using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Any object, typed only as far as <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>: enough for informers whose
/// changes merely trigger a reconcile (the reconciler reads what it needs from the server).
/// </summary>
internal sealed class PartialObject : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Every other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
