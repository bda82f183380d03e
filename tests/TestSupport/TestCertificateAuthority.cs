using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.TestSupport;

/// <summary>
/// A throw-away certificate authority for tests: issues server and client certificates (ECDSA P-256) that Kestrel,
/// SslStream and Go clients (kubectl) accept. Certificates carry exportable private keys (re-imported via PKCS#12).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    private TestCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate (public part; the private key stays inside this object).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    public static TestCertificateAuthority Create(string commonName = "test-ca")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(commonName, []), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var selfSigned = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(5));
        var publicOnly = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        return new TestCertificateAuthority(publicOnly, key);
    }

    /// <summary>
    /// Issues a serving certificate. SANs: the given DNS names / IP addresses plus <c>localhost</c> and
    /// <c>127.0.0.1</c> (and <c>::1</c>).
    /// </summary>
    public X509Certificate2 IssueServerCertificate(params string[] dnsNamesOrIps)
    {
        ArgumentNullException.ThrowIfNull(dnsNamesOrIps);
        var names = new List<string>(dnsNamesOrIps) { "localhost", "127.0.0.1", "::1" };
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        var commonName = dnsNamesOrIps.Length > 0 ? dnsNamesOrIps[0] : "localhost";
        return Issue(Subject(commonName, []), "1.3.6.1.5.5.7.3.1", san.Build());
    }

    /// <summary>Issues a client certificate: CN = user name, O = groups (the Kubernetes x509 convention).</summary>
    public X509Certificate2 IssueClientCertificate(string commonName, params string[] organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        return Issue(Subject(commonName, organizations), "1.3.6.1.5.5.7.3.2", null);
    }

    /// <summary>Exports a certificate and its private key (PKCS#8 <c>PRIVATE KEY</c>) as PEM.</summary>
    public static (string CertificatePem, string KeyPem) ExportPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
            ?? certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("The certificate has no private key.");
        using (key)
        {
            return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA (no revocation check).</summary>
    public bool Verifies(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private X509Certificate2 Issue(X500DistinguishedName subject, string usageOid, X509Extension? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        using var issued = request.Create(Certificate.SubjectName, generator, now.AddHours(-1), now.AddYears(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null,
            X509KeyStorageFlags.Exportable);
    }

    private static X500DistinguishedName Subject(string commonName, string[] organizations)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var organization in organizations)
        {
            builder.AddOrganizationName(organization);
        }

        builder.AddCommonName(commonName);
        return builder.Build();
    }
}
