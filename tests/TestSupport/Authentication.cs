using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>
/// kube-apiserver style authentication: a client certificate chaining to the CA (CN = user, O = groups) wins, then
/// a bearer token from <see cref="FakeApiServerOptions.Tokens"/>; bad credentials are rejected (401); no
/// credentials mean anonymous when allowed.
/// </summary>
internal static class Authentication
{
    public const string Authenticated = "system:authenticated";

    /// <summary>The user, or null with <paramref name="rejected"/> telling bad credentials from none.</summary>
    public static FakeUser? Authenticate(HttpContext context, FakeApiServerOptions options,
        TestCertificateAuthority ca, out bool rejected)
    {
        rejected = false;
        var certificate = context.Connection.ClientCertificate;
        if (certificate is not null && ca.Verifies(certificate))
        {
            return FromCertificate(certificate);
        }

        var badCertificate = certificate is not null;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            if (ForToken(options, token) is { } user)
            {
                return user;
            }

            rejected = true;
            return null;
        }

        if (badCertificate || authorization.Length > 0)
        {
            rejected = true;
            return null;
        }

        return options.AllowAnonymous ? FakeUser.Anonymous : null;
    }

    /// <summary>
    /// The user of a bearer token: its <see cref="FakeApiServerOptions.TokenGroups"/>, a service account's groups, then
    /// <c>system:authenticated</c>; null for an unknown token.
    /// </summary>
    public static FakeUser? ForToken(FakeApiServerOptions options, string token)
    {
        if (!options.Tokens.TryGetValue(token, out var name))
        {
            return null;
        }

        IEnumerable<string> groups = options.TokenGroups.GetValueOrDefault(token) ?? [];
        return new FakeUser(name, [.. groups.Concat(Rbac.ServiceAccounts.Groups(name)).Append(Authenticated).Distinct()]);
    }

    /// <summary>The identity requests are authorized as: the impersonated one when Impersonate-* headers are set.</summary>
    public static FakeUser Effective(HttpContext context, FakeUser user)
    {
        var impersonated = context.Request.Headers["Impersonate-User"].ToString();
        if (impersonated.Length == 0)
        {
            return user;
        }

        var groups = context.Request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g))
            .Select(g => g!).ToList();
        if (groups.Count == 0)
        {
            // A service account's groups are fixed, so impersonating one without groups gives them (impersonation.go).
            groups.AddRange(Rbac.ServiceAccounts.Groups(impersonated));
        }

        groups.Add(Authenticated);
        // impersonation.go: Impersonate-Extra-{key}, key lower-cased then path-unescaped.
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith(ImpersonateExtra, StringComparison.OrdinalIgnoreCase))
            {
                var key = Uri.UnescapeDataString(name[ImpersonateExtra.Length..].ToLowerInvariant());
                extra[key] = [.. extra.GetValueOrDefault(key) ?? [], .. values.Select(v => v ?? string.Empty)];
            }
        }

        return new FakeUser(impersonated, groups) { Extra = extra };
    }

    private const string ImpersonateExtra = "Impersonate-Extra-";

    private static FakeUser FromCertificate(X509Certificate2 certificate)
    {
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.10" && rdn.GetSingleElementValue() is { } organization)
            {
                groups.Add(organization);
            }
        }

        groups.Add(Authenticated);
        return new FakeUser(commonName, groups);
    }
}
