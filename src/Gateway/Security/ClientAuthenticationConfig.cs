using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The certificate-based authentication settings in force: replaced as a whole (never mutated) when the
/// <c>extension-apiserver-authentication</c> ConfigMap changes, so a request sees one consistent snapshot.
/// </summary>
/// <param name="ClientCertificateAuthorities">Roots of client certificates that authenticate as CN/O
/// (<c>--client-ca-file</c> or the ConfigMap's <c>client-ca-file</c>); <see langword="null"/>: none accepted.</param>
/// <param name="RequestHeader">Front-proxy settings; <see langword="null"/>: X-Remote-* headers are never trusted.</param>
internal sealed record ClientAuthenticationConfig(
    X509Certificate2Collection? ClientCertificateAuthorities, RequestHeaderConfig? RequestHeader)
{
    /// <summary>No certificate authentication at all.</summary>
    public static ClientAuthenticationConfig None { get; } = new(null, null);
}
