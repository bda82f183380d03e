using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>
/// <c>spec.egress.clusterProxy</c>: <c>{"proxyServerHost":"proxy-entrypoint.open-cluster-management-addon",
/// "proxyServerPort":8090,"credentials":{…}}</c>.
/// </summary>
public sealed class ClusterGatewayClusterProxy
{
    /// <summary>The host of the cluster-proxy server (its entrypoint Service).</summary>
    [JsonPropertyName("proxyServerHost")]
    [Required]
    public string ProxyServerHost { get; set; } = "";

    /// <summary>The port of the cluster-proxy server, e.g. <c>8090</c>.</summary>
    [JsonPropertyName("proxyServerPort")]
    [Required]
    public int ProxyServerPort { get; set; }

    /// <summary>The client credentials for the cluster-proxy server.</summary>
    [JsonPropertyName("credentials")]
    [Required]
    public ClusterGatewayProxyCredentials Credentials { get; set; } = new();
}
