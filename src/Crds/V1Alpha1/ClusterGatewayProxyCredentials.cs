using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>
/// <c>spec.egress.clusterProxy.credentials</c>: <c>{"namespace":"…","proxyClientCASecretName":"proxy-server-ca",
/// "proxyClientSecretName":"proxy-client"}</c>.
/// </summary>
public sealed class ClusterGatewayProxyCredentials
{
    /// <summary>The namespace of the two Secrets.</summary>
    [JsonPropertyName("namespace")]
    [Required]
    public string Namespace { get; set; } = "";

    /// <summary>The Secret holding the CA that signed the cluster-proxy server certificate.</summary>
    [JsonPropertyName("proxyClientCASecretName")]
    [Required]
    public string ProxyClientCASecretName { get; set; } = "";

    /// <summary>The Secret holding the client certificate and key for the cluster-proxy server.</summary>
    [JsonPropertyName("proxyClientSecretName")]
    [Required]
    public string ProxyClientSecretName { get; set; } = "";
}
