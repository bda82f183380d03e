using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec</c> of a ClusterGateway.</summary>
public sealed class ClusterGatewaySpec
{
    /// <summary>Cluster provider; upstream never fills it (always empty).</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; set; } = "";

    /// <summary>Endpoint and credential.</summary>
    [JsonPropertyName("access")]
    public ClusterAccess Access { get; set; } = new();
}
