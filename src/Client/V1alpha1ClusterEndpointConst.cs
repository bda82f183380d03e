using System.Text.Json.Serialization;

namespace ClusterGateway.Client;

/// <summary><c>spec.access.endpoint.const</c>: the managed cluster's API server as the gateway reaches it.</summary>
public sealed class V1alpha1ClusterEndpointConst
{
    /// <summary>API server URL, e.g. <c>https://10.0.0.1:6443</c>.</summary>
    [JsonPropertyName("address")]
    public string? Address { get; set; }

    /// <summary>PEM CA bundle (base64 in JSON); <see langword="null"/> when the gateway verifies against system
    /// roots.</summary>
    [JsonPropertyName("caBundle")]
    public byte[]? CaBundle { get; set; }

    /// <summary>Whether the gateway skips TLS verification of the cluster.</summary>
    [JsonPropertyName("insecure")]
    public bool? Insecure { get; set; }

    /// <summary>HTTP, HTTPS or SOCKS5 proxy the gateway uses to reach the cluster (JSON name
    /// <c>proxy-url</c>).</summary>
    [JsonPropertyName("proxy-url")]
    public string? ProxyUrl { get; set; }
}
