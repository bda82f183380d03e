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

    /// <summary>
    /// In memory only (never serialized, like upstream's <c>ProxyConfig json:"-"</c>): the text of the Secret's
    /// <c>cluster.core.oam.dev/cluster-gateway-proxy-configuration</c> annotation, a YAML or JSON
    /// <c>ClusterGatewayProxyConfiguration</c> with this cluster's ClientIdentityExchanger rules. The gateway parses and
    /// validates it; an invalid one makes only this cluster's proxy answer an error.
    /// </summary>
    [JsonIgnore]
    public string? ProxyConfiguration { get; set; }
}
