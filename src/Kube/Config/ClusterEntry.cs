using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// The <c>cluster</c> of a kubeconfig <c>clusters</c> entry (<c>clientcmdapi.Cluster</c>). When both a
/// <c>*-data</c> field and its file form are set, the data wins, as in client-go.
/// </summary>
public sealed class ClusterEntry
{
    /// <summary><c>server</c>: the API server URL, e.g. <c>https://10.0.0.1:6443</c> (may carry a path prefix).</summary>
    [YamlMember(Alias = "server")]
    public string? Server { get; set; }

    /// <summary><c>certificate-authority</c>: path of a PEM CA bundle (absolute once loaded).</summary>
    [YamlMember(Alias = "certificate-authority")]
    public string? CertificateAuthority { get; set; }

    /// <summary><c>certificate-authority-data</c>: base64 of a PEM CA bundle.</summary>
    [YamlMember(Alias = "certificate-authority-data")]
    public string? CertificateAuthorityData { get; set; }

    /// <summary><c>insecure-skip-tls-verify</c>: do not verify the server certificate (incompatible with a CA).</summary>
    [YamlMember(Alias = "insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; set; }

    /// <summary><c>tls-server-name</c>: name sent as SNI and checked against the server certificate.</summary>
    [YamlMember(Alias = "tls-server-name")]
    public string? TlsServerName { get; set; }

    /// <summary><c>proxy-url</c>: <c>http</c>, <c>https</c> or <c>socks5</c> proxy for requests to this cluster.</summary>
    [YamlMember(Alias = "proxy-url")]
    public string? ProxyUrl { get; set; }
}
