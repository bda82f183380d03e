using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Coordination;

/// <summary>
/// <c>coordination.k8s.io/v1</c> Lease, used for leader election
/// (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/lease-v1/).
/// </summary>
public sealed class Lease : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = "coordination.k8s.io/v1";

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "Lease";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The lease record.</summary>
    [JsonPropertyName("spec")]
    public LeaseSpec Spec { get; set; } = new();

    /// <summary>Fields not modelled above, kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
