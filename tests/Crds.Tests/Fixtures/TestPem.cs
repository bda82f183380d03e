using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.Crds.Tests.Fixtures;

/// <summary>PEM material generated once per test run with System.Security.Cryptography (ECDSA P-256, 10 years).</summary>
public static class TestPem
{
    private static readonly Lazy<Material> Generated = new(Generate);

    /// <summary>A self-signed CA certificate.</summary>
    public static string CaCertificate => Generated.Value.Ca;

    /// <summary>A client certificate issued by <see cref="CaCertificate"/>.</summary>
    public static string ClientCertificate => Generated.Value.ClientCertificate;

    /// <summary>The private key of <see cref="ClientCertificate"/> (PKCS#8).</summary>
    public static string ClientKey => Generated.Value.ClientKey;

    /// <summary>A private key that does not belong to <see cref="ClientCertificate"/>.</summary>
    public static string OtherKey => Generated.Value.OtherKey;

    /// <summary>A fake bearer token.</summary>
    public const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

    /// <summary>UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Base64 of the UTF-8 bytes of <paramref name="text"/> (a Secret <c>data</c> value on the wire).</summary>
    public static string Base64(string text) => Convert.ToBase64String(Bytes(text));

    private static Material Generate()
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddYears(10);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest("CN=test-client, O=system:masters", clientKey, HashAlgorithmName.SHA256);
        using var client = clientRequest.Create(ca, notBefore, notAfter, [1, 2, 3, 4]);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new Material(ca.ExportCertificatePem(), client.ExportCertificatePem(),
            clientKey.ExportPkcs8PrivateKeyPem(), otherKey.ExportPkcs8PrivateKeyPem());
    }

    private sealed record Material(string Ca, string ClientCertificate, string ClientKey, string OtherKey);
}
