using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// Authorizes <c>Impersonate-*</c> headers as kube-apiserver's impersonation filter does
/// (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go; https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation):
/// the real caller needs verb <c>impersonate</c> on <c>users</c> (or <c>serviceaccounts</c> in the account's namespace
/// for a service-account user), <c>groups</c>, and in API group <c>authentication.k8s.io</c> <c>uids</c> and
/// <c>userextras/&lt;key&gt;</c>, each named by the impersonated value. Only with <see cref="FakeApiServerOptions.Rbac"/>
/// on; otherwise the headers are honoured unchecked, as before.
/// </summary>
internal static class Impersonation
{
    private const string ExtraPrefix = "Impersonate-Extra-";

    /// <summary>The identity to authorize the request as; throws kube's 403 when the caller may not impersonate it.</summary>
    public static FakeUser Authorize(FakeApiServer server, HttpContext context, FakeUser caller)
    {
        var headers = context.Request.Headers;
        if (server.Options.Rbac && headers["Impersonate-User"].ToString().Length > 0)
        {
            foreach (var target in Targets(headers))
            {
                var request = new FakeAuthorizationRequest(caller, "impersonate", true, target.Group, string.Empty,
                    target.Resource, target.Subresource, target.Namespace, target.Name, context.Request.Path.Value ?? "/");
                var decision = FakeAuthorizer.Decide(server, request);
                if (!decision.Allowed)
                {
                    throw Forbidden.For(request, decision.Reason);
                }
            }
        }

        return Authentication.Effective(context, caller);
    }

    private static IEnumerable<(string Group, string Resource, string? Subresource, string? Namespace, string Name)> Targets(
        IHeaderDictionary headers)
    {
        var user = headers["Impersonate-User"].ToString();
        yield return ServiceAccounts.TryParse(user, out var ns, out var name)
            ? (string.Empty, "serviceaccounts", null, ns, name)
            : (string.Empty, "users", null, null, user);
        foreach (var group in headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)))
        {
            yield return (string.Empty, "groups", null, null, group!);
        }

        if (headers["Impersonate-Uid"].ToString() is { Length: > 0 } uid)
        {
            yield return ("authentication.k8s.io", "uids", null, null, uid);
        }

        foreach (var header in headers.Where(h => h.Key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var key = Uri.UnescapeDataString(header.Key[ExtraPrefix.Length..].ToLowerInvariant());
            foreach (var value in header.Value.Where(v => !string.IsNullOrEmpty(v)))
            {
                yield return ("authentication.k8s.io", "userextras", key, null, value!);
            }
        }
    }
}
