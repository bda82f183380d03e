using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.AddonManager.Certificates;

/// <summary>
/// Read-only checks on stored certificates: parsing, lifetime thresholds, SANs and issuer, i.e. the regeneration
/// triggers of upstream <c>certrotation.TargetRotation</c>.
/// </summary>
internal static class CertificateInspector
{
    /// <summary>Parses a certificate with its private key; null when either is unparsable or they do not match.</summary>
    /// <param name="certificatePem">Certificate PEM (the first certificate is used).</param>
    /// <param name="keyPem">Private key PEM.</param>
    /// <returns>The certificate with its key, or null.</returns>
    public static X509Certificate2? TryLoad(string certificatePem, string keyPem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Parses a certificate without key; null when unparsable.</summary>
    /// <param name="certificatePem">Certificate PEM.</param>
    /// <returns>The certificate, or null.</returns>
    public static X509Certificate2? TryLoad(string certificatePem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Gets notBefore as UTC.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset NotBefore(X509Certificate2 certificate) =>
        new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>Gets notAfter as UTC.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset NotAfter(X509Certificate2 certificate) =>
        new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>Whether the certificate is expired at <paramref name="now"/>.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="now">The current time.</param>
    /// <returns>True when expired.</returns>
    public static bool IsExpired(X509Certificate2 certificate, DateTimeOffset now) => now >= NotAfter(certificate);

    /// <summary>
    /// Whether the certificate should be renewed: not yet valid, or at least <paramref name="fraction"/> of its lifetime
    /// has passed (which includes expiry).
    /// </summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="now">The current time.</param>
    /// <param name="fraction">Renewal point as a fraction of the lifetime, e.g. 0.8.</param>
    /// <returns>True when renewal is due.</returns>
    public static bool IsRenewalDue(X509Certificate2 certificate, DateTimeOffset now, double fraction)
    {
        var notBefore = NotBefore(certificate);
        var lifetime = NotAfter(certificate) - notBefore;
        return now < notBefore || now >= notBefore + (lifetime * fraction);
    }

    /// <summary>Whether the certificate's DNS SANs are exactly <paramref name="wanted"/> (DNS names ignore case).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="wanted">The wanted names.</param>
    /// <returns>True when the sets are equal.</returns>
    public static bool HasDnsNames(X509Certificate2 certificate, IReadOnlyCollection<string> wanted)
    {
        var actual = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            actual.UnionWith(extension.EnumerateDnsNames());
        }

        return actual.SetEquals(wanted);
    }

    /// <summary>Whether <paramref name="leaf"/> chains to <paramref name="signer"/> and is valid at <paramref name="now"/>.</summary>
    /// <param name="leaf">The certificate to check.</param>
    /// <param name="signer">The only trusted root.</param>
    /// <param name="now">Verification time.</param>
    /// <returns>True when the chain builds.</returns>
    public static bool IsSignedBy(X509Certificate2 leaf, X509Certificate2 signer, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(signer);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span);
    }
}
