using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Benchmark;

/// <summary>A self-signed CA and a serving certificate for 127.0.0.1/localhost, written as PEM files.</summary>
internal sealed class Pki
{
    public required string CaFile { get; init; }
    public required string CertFile { get; init; }
    public required string KeyFile { get; init; }
    public required string CaPem { get; init; }
    public required X509Certificate2 Ca { get; init; }
    public required X509Certificate2 Serving { get; init; }

    public static Pki Create(string dir)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caReq = new CertificateRequest("CN=bench-ca", caKey, HashAlgorithmName.SHA256);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = caReq.CreateSelfSigned(now, now.AddDays(7));

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = req.Create(ca, now, now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var leafWithKey = leaf.CopyWithPrivateKey(key);

        Directory.CreateDirectory(dir);
        var pki = new Pki
        {
            CaFile = Path.Combine(dir, "ca.crt"),
            CertFile = Path.Combine(dir, "tls.crt"),
            KeyFile = Path.Combine(dir, "tls.key"),
            CaPem = ca.ExportCertificatePem(),
            Ca = X509CertificateLoader.LoadCertificate(ca.RawData),
            // Round-trip through PKCS#12 so SslStream can use the key on Linux.
            Serving = X509CertificateLoader.LoadPkcs12(leafWithKey.Export(X509ContentType.Pkcs12), null),
        };
        File.WriteAllText(pki.CaFile, pki.CaPem);
        File.WriteAllText(pki.CertFile, leaf.ExportCertificatePem());
        File.WriteAllText(pki.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return pki;
    }

    /// <summary>Validates a server certificate against this CA only.</summary>
    public bool Validate(X509Certificate? cert)
    {
        if (cert is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(cert.GetRawCertData()));
    }
}
