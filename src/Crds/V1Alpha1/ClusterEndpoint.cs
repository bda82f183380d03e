using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.access.endpoint</c>: a union discriminated by <see cref="Type"/>.</summary>
public sealed class ClusterEndpoint
{
    /// <summary><c>Const</c> (a fixed URL) or <c>ClusterProxy</c> (an OCM cluster-proxy tunnel).</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = EndpointTypes.Const;

    /// <summary>The fixed endpoint; set only for <c>Const</c>.</summary>
    [JsonPropertyName("const")]
    public ClusterEndpointConst? Const { get; set; }

    /// <summary>
    /// <c>ClusterProxy</c> only, in memory only (upstream's JSON is just <c>{type: ClusterProxy}</c>): the Secret's
    /// <c>ca.crt</c>, <c>insecure-skip-tls-verify</c> and <c>tls-server-name</c>, used to verify the cluster's
    /// certificate inside the tunnel; <see cref="ClusterEndpointConst.Address"/> is empty.
    /// </summary>
    [JsonIgnore]
    public ClusterEndpointConst? Tunnel { get; set; }
}
