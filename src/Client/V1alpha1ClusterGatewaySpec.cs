using System.Text.Json.Serialization;

namespace ClusterGateway.Client;

/// <summary><c>spec</c> of a ClusterGateway.</summary>
public sealed class V1alpha1ClusterGatewaySpec
{
    /// <summary>Cluster provider; upstream leaves it empty.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; set; }

    /// <summary>Endpoint and credential type.</summary>
    [JsonPropertyName("access")]
    public V1alpha1ClusterAccess? Access { get; set; }
}
