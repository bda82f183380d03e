using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Front-proxy (request-header) authentication settings, like k8s.io/apiserver
/// pkg/authentication/request/headerrequest: which CA the proxy's client certificate must chain to, which common names
/// it may have (empty: any), and which headers carry the user.
/// </summary>
/// <param name="CertificateAuthorities">Roots the front-proxy certificate must chain to (<c>requestheader-client-ca-file</c>).</param>
/// <param name="AllowedNames">Allowed certificate CNs; empty allows every certificate the CA signed.</param>
/// <param name="UsernameHeaders">Headers holding the user name; the first non-empty one wins.</param>
/// <param name="UidHeaders">Headers holding the UID; the first non-empty one wins.</param>
/// <param name="GroupHeaders">Headers holding groups; every non-empty value of every one counts.</param>
/// <param name="ExtraHeaderPrefixes">Header-name prefixes of extras (matched case-insensitively).</param>
internal sealed record RequestHeaderConfig(
    X509Certificate2Collection CertificateAuthorities,
    IReadOnlyList<string> AllowedNames,
    IReadOnlyList<string> UsernameHeaders,
    IReadOnlyList<string> UidHeaders,
    IReadOnlyList<string> GroupHeaders,
    IReadOnlyList<string> ExtraHeaderPrefixes);
