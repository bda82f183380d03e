using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.Kube.Config;

/// <summary>PEM helpers for CA bundles and certificate/key pairs.</summary>
internal static class Pem
{
    /// <summary>Every <c>CERTIFICATE</c> block of a PEM bundle.</summary>
    /// <exception cref="CryptographicException">No certificate found, or a block does not decode.</exception>
    public static X509Certificate2Collection ParseCertificates(byte[] pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(Encoding.UTF8.GetString(pem));
        if (collection.Count == 0)
        {
            throw new CryptographicException("no CERTIFICATE block found");
        }

        return collection;
    }

    /// <summary>The first certificate of <paramref name="certificatePem"/> joined with the key of <paramref name="keyPem"/>.</summary>
    /// <exception cref="CryptographicException">Either does not parse, or the key does not match.</exception>
    public static X509Certificate2 CreateCertificateWithKey(byte[] certificatePem, byte[] keyPem) =>
        X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(certificatePem), Encoding.UTF8.GetString(keyPem));
}
