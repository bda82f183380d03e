using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// The <c>user</c> of a kubeconfig <c>users</c> entry (<c>clientcmdapi.AuthInfo</c>): a client certificate, a bearer
/// token (inline or file) and/or an exec credential plugin. <c>*-data</c> fields win over their file forms;
/// <c>tokenFile</c> wins over <c>token</c> (client-go: the last value read from the file takes precedence).
/// </summary>
public sealed class UserEntry
{
    /// <summary><c>client-certificate</c>: path of the PEM client certificate (absolute once loaded).</summary>
    [YamlMember(Alias = "client-certificate")]
    public string? ClientCertificate { get; set; }

    /// <summary><c>client-certificate-data</c>: base64 of the PEM client certificate.</summary>
    [YamlMember(Alias = "client-certificate-data")]
    public string? ClientCertificateData { get; set; }

    /// <summary><c>client-key</c>: path of the PEM private key (absolute once loaded).</summary>
    [YamlMember(Alias = "client-key")]
    public string? ClientKey { get; set; }

    /// <summary><c>client-key-data</c>: base64 of the PEM private key.</summary>
    [YamlMember(Alias = "client-key-data")]
    public string? ClientKeyData { get; set; }

    /// <summary><c>token</c>: bearer token.</summary>
    [YamlMember(Alias = "token")]
    public string? Token { get; set; }

    /// <summary><c>tokenFile</c>: path of a file holding the bearer token (absolute once loaded).</summary>
    [YamlMember(Alias = "tokenFile")]
    public string? TokenFile { get; set; }

    /// <summary><c>exec</c>: credential plugin; parsed only, running it is the caller's business.</summary>
    [YamlMember(Alias = "exec")]
    public ExecConfig? Exec { get; set; }
}
