using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.access.credential.x509</c>: PEM certificate and key (base64 in JSON).</summary>
public sealed class X509
{
    /// <summary>PEM client certificate (chain).</summary>
    [JsonPropertyName("certificate")]
    public byte[] Certificate { get; set; } = [];

    /// <summary>PEM private key.</summary>
    [JsonPropertyName("privateKey")]
    public byte[] PrivateKey { get; set; } = [];
}
