using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The gateway's HTTPS certificate: loaded from <c>--tls-cert-file</c>/<c>--tls-private-key-file</c> (PEM), or, like
/// the Go apiserver's <c>MaybeDefaultWithSelfSignedCerts</c>, generated at start: a throw-away CA and a leaf for
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>, so clients can pin the CA (<see cref="TrustPem"/>).
/// </summary>
/// <param name="Certificate">Leaf with private key, ready for Kestrel.</param>
/// <param name="TrustPem">PEM a client should trust to verify <paramref name="Certificate"/>.</param>
/// <param name="Intermediates">The chain file's certificates after the leaf, sent with it in every handshake (as Go's
/// <c>tls.Certificate</c> of the whole file is); none for a generated certificate.</param>
internal sealed record ServingCertificate(X509Certificate2 Certificate, string TrustPem,
    X509Certificate2Collection? Intermediates = null)
{
    /// <summary>
    /// The certificate and its chain as SslStream serves them, built once per certificate: given only a certificate,
    /// SslStream builds this context (a chain build against the system store) on every handshake.
    /// </summary>
    public SslStreamCertificateContext Context { get; } =
        SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true);

    /// <summary>Loads a PEM certificate (chain) and key.</summary>
    /// <param name="certFile">Certificate chain; the first certificate is the leaf.</param>
    /// <param name="keyFile">PEM private key (PKCS#1, PKCS#8 or SEC1).</param>
    /// <returns>The certificate; <see cref="TrustPem"/> is the whole chain file.</returns>
    /// <exception cref="CryptographicException">The files do not hold a matching certificate and key.</exception>
    public static ServingCertificate Load(string certFile, string keyFile)
    {
        // The file read once: a reload racing a rewrite never pairs one version's leaf with another's chain.
        var certPem = File.ReadAllText(certFile);
        using var pem = X509Certificate2.CreateFromPem(certPem, File.ReadAllText(keyFile));
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certPem);
        chain.RemoveAt(0);
        return new ServingCertificate(Reimport(pem), certPem, chain);
    }

    /// <summary>Generates a self-signed CA and a serving certificate for the loopback names, valid one year.</summary>
    /// <param name="extraNames">More DNS names or IP addresses for the SAN.</param>
    /// <returns>The certificate; <see cref="TrustPem"/> is the generated CA.</returns>
    public static ServingCertificate SelfSigned(IEnumerable<string>? extraNames = null)
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddYears(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=cluster-gateway-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cluster-gateway", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        foreach (var name in extraNames ?? [])
        {
            if (System.Net.IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var leaf = request.Create(ca, notBefore, notAfter, serial);
        using var withKey = leaf.CopyWithPrivateKey(key);
        return new ServingCertificate(Reimport(withKey), ca.ExportCertificatePem());
    }

    // SslStream on some platforms refuses ephemeral keys; a PKCS#12 round trip gives a persisted-key certificate.
    private static X509Certificate2 Reimport(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
