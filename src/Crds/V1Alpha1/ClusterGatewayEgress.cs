using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.egress</c>: <c>{"type":"Direct|ClusterProxy","clusterProxy":{…}}</c>.</summary>
public sealed class ClusterGatewayEgress
{
    /// <summary><c>Direct</c>: the gateway dials the cluster endpoints; <c>ClusterProxy</c>: through the OCM cluster-proxy (Konnectivity).</summary>
    [JsonPropertyName("type")]
    [Required]
    [AllowedValues(EgressTypes.Direct, EgressTypes.ClusterProxy)]
    public string Type { get; set; } = EgressTypes.Direct;

    /// <summary>The cluster-proxy to tunnel through when the type is <c>ClusterProxy</c>.</summary>
    [JsonPropertyName("clusterProxy")]
    public ClusterGatewayClusterProxy? ClusterProxy { get; set; }
}
