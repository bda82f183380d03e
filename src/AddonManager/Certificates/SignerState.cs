namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// The signer CA as stored in its Secret: the current CA certificate and key, plus the previous CA certificate while a
/// rotation overlap lasts (clients must keep trusting serving certificates the old CA signed until they are replaced).
/// </summary>
/// <param name="CertificatePem">Current CA certificate (PEM).</param>
/// <param name="KeyPem">Current CA private key (PKCS#8 PEM).</param>
/// <param name="PreviousCertificatePem">Previous CA certificate (PEM) during an overlap; otherwise null.</param>
internal sealed record SignerState(string CertificatePem, string KeyPem, string? PreviousCertificatePem = null)
{
    /// <summary>Reads the state from Secret data; null when the certificate or key is missing.</summary>
    /// <param name="data">The Secret's data (decoded bytes).</param>
    /// <returns>The state, or null when there is no usable signer.</returns>
    public static SignerState? FromSecretData(IReadOnlyDictionary<string, byte[]>? data)
    {
        if (data is null)
        {
            return null;
        }

        var certificate = SecretDataKeys.Read(data, SecretDataKeys.Certificate);
        var key = SecretDataKeys.Read(data, SecretDataKeys.PrivateKey);
        return certificate is null || key is null
            ? null
            : new SignerState(certificate, key, SecretDataKeys.Read(data, SecretDataKeys.PreviousCertificate));
    }

    /// <summary>Writes the state as Secret data (<c>tls.crt</c>, <c>tls.key</c>, optional <c>previous-ca.crt</c>).</summary>
    /// <returns>The Secret data.</returns>
    public Dictionary<string, byte[]> ToSecretData()
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [SecretDataKeys.Certificate] = SecretDataKeys.Write(CertificatePem),
            [SecretDataKeys.PrivateKey] = SecretDataKeys.Write(KeyPem),
        };
        if (PreviousCertificatePem is not null)
        {
            data[SecretDataKeys.PreviousCertificate] = SecretDataKeys.Write(PreviousCertificatePem);
        }

        return data;
    }
}
