namespace ClusterGateway.AddonManager.Certificates;

/// <summary>The gateway's serving certificate as stored in its <c>kubernetes.io/tls</c> Secret.</summary>
/// <param name="CertificatePem">Leaf certificate (PEM).</param>
/// <param name="KeyPem">Leaf private key (PKCS#8 PEM).</param>
internal sealed record ServingCertState(string CertificatePem, string KeyPem)
{
    /// <summary>Reads the state from Secret data; null when the certificate or key is missing.</summary>
    /// <param name="data">The Secret's data (decoded bytes).</param>
    /// <returns>The state, or null.</returns>
    public static ServingCertState? FromSecretData(IReadOnlyDictionary<string, byte[]>? data)
    {
        if (data is null)
        {
            return null;
        }

        var certificate = SecretDataKeys.Read(data, SecretDataKeys.Certificate);
        var key = SecretDataKeys.Read(data, SecretDataKeys.PrivateKey);
        return certificate is null || key is null ? null : new ServingCertState(certificate, key);
    }

    /// <summary>Writes the state as Secret data (<c>tls.crt</c>, <c>tls.key</c>).</summary>
    /// <returns>The Secret data.</returns>
    public Dictionary<string, byte[]> ToSecretData() => new(StringComparer.Ordinal)
    {
        [SecretDataKeys.Certificate] = SecretDataKeys.Write(CertificatePem),
        [SecretDataKeys.PrivateKey] = SecretDataKeys.Write(KeyPem),
    };
}
