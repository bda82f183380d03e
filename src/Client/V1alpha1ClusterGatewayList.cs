using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ClusterGateway.Client;

/// <summary><c>ClusterGatewayList</c>: the response of a ClusterGateway list.</summary>
public sealed class V1alpha1ClusterGatewayList : IKubernetesObject<V1ListMeta>, IItems<V1alpha1ClusterGateway>
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = V1alpha1ClusterGateway.KubeApiVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ClusterGatewayList";

    /// <summary>List metadata (resourceVersion, continue).</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The ClusterGateways.</summary>
    [JsonPropertyName("items")]
    public IList<V1alpha1ClusterGateway> Items { get; set; } = [];
}
