using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>status</c> of a ClusterGatewayConfiguration: <c>{"conditions":[…],"lastObservedGeneration":3}</c>.</summary>
public sealed class ClusterGatewayConfigurationStatus
{
    /// <summary>The conditions of the installation, e.g. <c>ClusterGatewayDeployed</c>, <c>Available</c>, <c>Degraded</c>.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The metadata.generation of the spec last acted upon.</summary>
    [JsonPropertyName("lastObservedGeneration")]
    public long? LastObservedGeneration { get; set; }
}
