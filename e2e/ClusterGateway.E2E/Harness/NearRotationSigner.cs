using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// A signer CA for the addon-manager's signer Secret (<c>tls.crt</c>, <c>tls.key</c>) shaped like the ones it creates
/// (ECDSA P-256, CA:true) whose renewal point — 80 % of its lifetime, the manager's <c>TlsPolicy.RenewAtFraction</c> as
/// upstream certrotation — lies <c>rotateIn</c> from now: the running manager then rotates it during the journey, with
/// no clock tricks and no extra flag.
/// </summary>
internal static class NearRotationSigner
{
    private const double RenewAtFraction = 0.8;

    /// <summary>The signer Secret manifest.</summary>
    public static JsonObject Secret(string @namespace, string name, TimeSpan rotateIn, out string certificatePem)
    {
        var lifetime = TimeSpan.FromMinutes(10);
        var notBefore = DateTimeOffset.UtcNow + rotateIn - lifetime * RenewAtFraction;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=cluster-gateway-ca@e2e-{notBefore.ToUnixTimeSeconds()}", key,
            HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(notBefore, notBefore + lifetime);
        certificatePem = certificate.ExportCertificatePem();
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["type"] = "kubernetes.io/tls",
            ["data"] = new JsonObject
            {
                ["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem)),
                ["tls.key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem())),
            },
        };
    }

    /// <summary>The certificates of a PEM bundle (e.g. an APIService caBundle).</summary>
    public static X509Certificate2Collection Parse(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }
}
