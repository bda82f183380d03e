using System.Security.Cryptography.X509Certificates;
using ClusterGateway.AddonManager.Certificates;

namespace ClusterGateway.AddonManager.Tests.Certificates;

internal static class TlsAssertions
{
    public static X509Certificate2Collection BundleCertificates(string bundlePem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(bundlePem);
        return collection;
    }

    /// <summary>Builds the serving chain against the given roots only; returns the root it chained to, or null.</summary>
    public static X509Certificate2? ChainRoot(ServingCertState serving, X509Certificate2Collection roots, DateTimeOffset at)
    {
        using var leaf = X509Certificate2.CreateFromPem(serving.CertificatePem, serving.KeyPem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        return chain.Build(leaf) ? chain.ChainElements[^1].Certificate : null;
    }

    public static IReadOnlyList<string> DnsNames(ServingCertState serving)
    {
        using var leaf = X509Certificate2.CreateFromPem(serving.CertificatePem);
        return leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
    }

    public static string Thumbprint(string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return certificate.Thumbprint;
    }
}
