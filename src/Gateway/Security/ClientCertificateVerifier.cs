using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Verifies a TLS client certificate against a CA bundle the way Go's <c>x509.Certificate.Verify</c> does for
/// k8s.io/apiserver pkg/authentication/request/x509: every certificate of the bundle is a trust anchor, the chain must
/// be valid now and allow client authentication (EKU <c>1.3.6.1.5.5.7.3.2</c>, or no EKU); no revocation check.
/// Also reads the subject the way the apiserver maps it to a user (CN → name, O → groups).
/// </summary>
/// <remarks>
/// Results are remembered per certificate object (one per TLS connection) and CA bundle object (replaced on every
/// configuration change), so the requests of one HTTP/2 connection build the chain once; expiry is checked each time.
/// </remarks>
internal static class ClientCertificateVerifier
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    private static readonly ConditionalWeakTable<X509Certificate2, ConcurrentDictionary<X509Certificate2Collection, string>>
        Results = new();

    /// <summary>Verifies <paramref name="certificate"/> against <paramref name="roots"/>.</summary>
    /// <param name="certificate">The leaf the client presented.</param>
    /// <param name="roots">The CA bundle.</param>
    /// <param name="error">Why it failed, in Go's words where they exist.</param>
    /// <returns>Whether it chains to the bundle and may authenticate clients.</returns>
    public static bool Verify(X509Certificate2 certificate, X509Certificate2Collection roots,
        [NotNullWhen(false)] out string? error)
    {
        var now = DateTime.Now;
        if (now > certificate.NotAfter || now < certificate.NotBefore)
        {
            error = $"x509: certificate has expired or is not yet valid: current time {DateTime.UtcNow:O} is " +
                    $"outside {certificate.NotBefore.ToUniversalTime():O} - {certificate.NotAfter.ToUniversalTime():O}";
            return false;
        }

        var remembered = Results.GetValue(certificate,
            _ => new ConcurrentDictionary<X509Certificate2Collection, string>(ReferenceEqualityComparer.Instance));
        var result = remembered.GetOrAdd(roots, r => Build(certificate, r));
        error = result.Length == 0 ? null : result;
        return error is null;
    }

    /// <summary>The subject's last common name (Go's <c>pkix.Name.CommonName</c>), or empty.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The CN.</returns>
    public static string CommonName(X509Certificate2 certificate) =>
        Attributes(certificate, CommonNameOid).LastOrDefault() ?? "";

    /// <summary>The subject's organizations, in order (the user's groups).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The O values.</returns>
    public static IReadOnlyList<string> Organizations(X509Certificate2 certificate) =>
        [.. Attributes(certificate, OrganizationOid)];

    private static IEnumerable<string> Attributes(X509Certificate2 certificate, string oid)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid &&
                rdn.GetSingleElementValue() is { } value)
            {
                yield return value;
            }
        }
    }

    // "" means valid (ConcurrentDictionary values cannot be null with the nullable annotations we want).
    private static string Build(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        try
        {
            if (chain.Build(certificate))
            {
                return "";
            }
        }
        catch (CryptographicException e)
        {
            return $"x509: {e.Message}";
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).ToHashSet();
        return statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain)
            ? "x509: certificate signed by unknown authority"
            : statuses.Contains(X509ChainStatusFlags.NotValidForUsage)
                ? "x509: certificate specifies an incompatible key usage"
                : $"x509: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
    }
}
