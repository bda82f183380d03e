using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.access.endpoint.const</c>.</summary>
public sealed class ClusterEndpointConst
{
    /// <summary>API server URL, e.g. <c>https://10.0.0.1:6443</c>; a path prefix is kept when proxying.</summary>
    [JsonPropertyName("address")]
    public string Address { get; set; } = "";

    /// <summary>PEM CA bundle (base64 in JSON); <see langword="null"/> means: verify against the system roots.</summary>
    [JsonPropertyName("caBundle")]
    public byte[]? CaBundle { get; set; }

    /// <summary>Skip TLS verification of the cluster (explicit opt-in only).</summary>
    [JsonPropertyName("insecure")]
    public bool? Insecure { get; set; }

    /// <summary>HTTP, HTTPS or SOCKS5 proxy used to reach the cluster. Note the hyphenated JSON name (upstream).</summary>
    [JsonPropertyName("proxy-url")]
    public string? ProxyUrl { get; set; }

    /// <summary>
    /// Our extension (Secret data key <c>tls-server-name</c>, same meaning as kubeconfig's <c>tls-server-name</c>):
    /// the name the cluster's serving certificate is verified against instead of the address host.
    /// </summary>
    [JsonPropertyName("tls-server-name")]
    public string? TlsServerName { get; set; }
}
