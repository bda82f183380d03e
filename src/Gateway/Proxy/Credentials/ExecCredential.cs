using System.Security.Cryptography;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// What an exec plugin issued (<c>ExecCredential.status</c>): a bearer token, a client certificate and key (PEM), or
/// both, and when it expires. Compared by reference: the cache hands out one instance per run.
/// </summary>
internal sealed class ExecCredential
{
    /// <summary>Creates a credential.</summary>
    /// <param name="token">Bearer token, or <see langword="null"/>.</param>
    /// <param name="certificatePem">PEM client certificate (with <paramref name="keyPem"/>), or <see langword="null"/>.</param>
    /// <param name="keyPem">PEM private key, or <see langword="null"/>.</param>
    /// <param name="expiresAt"><c>status.expirationTimestamp</c>; <see langword="null"/> when the plugin gave none.</param>
    public ExecCredential(string? token, byte[]? certificatePem, byte[]? keyPem, DateTimeOffset? expiresAt)
    {
        Token = token;
        CertificatePem = certificatePem;
        KeyPem = keyPem;
        ExpiresAt = expiresAt;
        CertificateHash = certificatePem is null || keyPem is null
            ? null
            : Convert.ToHexString(SHA256.HashData([.. certificatePem, .. keyPem]));
    }

    /// <summary>Bearer token.</summary>
    public string? Token { get; }

    /// <summary>PEM client certificate chain.</summary>
    public byte[]? CertificatePem { get; }

    /// <summary>PEM private key of <see cref="CertificatePem"/>.</summary>
    public byte[]? KeyPem { get; }

    /// <summary>Expiry; <see langword="null"/> means: valid until the cluster answers 401.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>SHA-256 of certificate and key; <see langword="null"/> without a certificate. Keys the connection pool.</summary>
    public string? CertificateHash { get; }
}
