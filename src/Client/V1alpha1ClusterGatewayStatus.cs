using System.Text.Json.Serialization;

namespace ClusterGateway.Client;

/// <summary><c>status</c> of a ClusterGateway, written through its <c>health</c> subresource.</summary>
public sealed class V1alpha1ClusterGatewayStatus
{
    /// <summary>Whether the cluster was last seen healthy; <see langword="false"/> when never reported (upstream's
    /// default).</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy { get; set; }

    /// <summary>Why, e.g. <c>ConnectionTimeout</c>; may be empty.</summary>
    [JsonPropertyName("healthyReason")]
    public string? HealthyReason { get; set; }
}
