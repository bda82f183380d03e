using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>status</c> of a ClusterGateway.</summary>
public sealed class ClusterGatewayStatus
{
    /// <summary>Whether the cluster was last seen healthy. Upstream default when unknown: <see langword="false"/>.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy { get; set; }

    /// <summary>Why the cluster is (un)healthy, e.g. <c>ConnectionTimeout</c>.</summary>
    [JsonPropertyName("healthyReason")]
    public string? HealthyReason { get; set; }
}
