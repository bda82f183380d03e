using System.Text.Json.Serialization;

namespace ClusterGateway.Client;

/// <summary><c>spec.access.endpoint</c>: a union discriminated by <see cref="Type"/>.</summary>
public sealed class V1alpha1ClusterEndpoint
{
    /// <summary><c>Const</c> (a fixed URL, see <see cref="Const"/>) or <c>ClusterProxy</c> (an OCM cluster-proxy
    /// tunnel; no further fields).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The fixed endpoint; set only for <c>Const</c>.</summary>
    [JsonPropertyName("const")]
    public V1alpha1ClusterEndpointConst? Const { get; set; }
}
