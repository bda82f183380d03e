using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>Checks of the PEM-valued Secret keys (<c>ca.crt</c>/<c>ca</c>, <c>tls.crt</c>+<c>tls.key</c>).</summary>
internal static class PemRules
{
    /// <summary>
    /// A CA bundle must hold at least one PEM <c>CERTIFICATE</c> block and every such block must parse.
    /// Returns the problem naming <paramref name="key"/>, or null when valid.
    /// </summary>
    public static string? CheckCaBundle(string key, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
            return certificates.Count > 0
                ? null
                : $"data key \"{key}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----){DoubleEncodingHint(pem)}";
        }
        catch (CryptographicException ex)
        {
            return $"data key \"{key}\" holds a PEM certificate that does not parse: {ex.Message}";
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// <c>tls.crt</c> and <c>tls.key</c> must load together as a certificate and its private key
    /// (<see cref="X509Certificate2.CreateFromPem(ReadOnlySpan{char}, ReadOnlySpan{char})"/>).
    /// Returns the problem, or null when valid.
    /// </summary>
    public static string? CheckKeyPair(string certificatePem, string keyPem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return $"data keys \"{SecretKeys.TlsCrt}\" and \"{SecretKeys.TlsKey}\" do not load as a PEM certificate " +
                $"and its private key: {ex.Message}{DoubleEncodingHint(certificatePem)}";
        }
    }

    /// <summary>A hint when the value is base64 of PEM (data encoded twice, or base64 put under <c>stringData</c>).</summary>
    private static string DoubleEncodingHint(string text)
    {
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return "";
        }

        var decoded = Encoding.UTF8.GetString(buffer, 0, written);
        return decoded.Contains("-----BEGIN", StringComparison.Ordinal)
            ? " (the value looks base64-encoded twice: data values are base64 once, stringData values are plain text)"
            : "";
    }
}
