using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// Mints the signer CA and serving certificates with <see cref="CertificateRequest"/> (ECDSA P-256, SHA-256), the same
/// way as the gateway's own self-signed certificate, so no third-party crypto library is needed.
/// </summary>
internal static class CertificateIssuer
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Creates a fresh self-signed signer CA valid for <see cref="TlsPolicy.SignerValidity"/>.</summary>
    /// <param name="policy">Lifetimes and naming.</param>
    /// <param name="now">The current time; notBefore is backdated by <see cref="TlsPolicy.ClockSkew"/>.</param>
    /// <returns>The signer state, without a previous CA.</returns>
    public static SignerState CreateSigner(TlsPolicy policy, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // The timestamp keeps each generation's subject distinct (as openshift certrotation's "<name>@<unix>"), so an
        // issuer name never matches a CA other than the one that signed it.
        var subject = $"CN={policy.SignerCommonName}@{now.ToUnixTimeSeconds()}";
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        using var certificate = request.CreateSelfSigned(now - policy.ClockSkew, now + policy.SignerValidity);
        return new SignerState(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Issues a serving certificate for <paramref name="dnsNames"/> signed by <paramref name="signer"/>.</summary>
    /// <param name="signer">The CA certificate with its private key.</param>
    /// <param name="dnsNames">Subject alternative names; the first is also the common name.</param>
    /// <param name="policy">Lifetimes.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The serving state; validity is capped at the signer's notAfter.</returns>
    public static ServingCertState IssueServing(
        X509Certificate2 signer, IReadOnlyList<string> dnsNames, TlsPolicy policy, DateTimeOffset now)
    {
        using var signerKey = signer.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The signer certificate has no ECDSA private key.", nameof(signer));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256);

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        request.CertificateExtensions.Add(
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signer, true, false));

        var signerNotAfter = CertificateInspector.NotAfter(signer);
        var wantedNotAfter = now + policy.ServingValidity;
        var notAfter = wantedNotAfter < signerNotAfter ? wantedNotAfter : signerNotAfter;

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(
            signer.SubjectName, X509SignatureGenerator.CreateForECDsa(signerKey), now - policy.ClockSkew, notAfter, serial);
        return new ServingCertState(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
