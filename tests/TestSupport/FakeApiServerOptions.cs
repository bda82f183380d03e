using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>How a <see cref="FakeApiServer"/> authenticates, authorizes and behaves.</summary>
public sealed class FakeApiServerOptions
{
    /// <summary>Used in kubeconfig cluster/context names and the serving certificate.</summary>
    public string Name { get; set; } = "fake";

    /// <summary>
    /// Bearer token → user name. Groups: <see cref="TokenGroups"/>, then for a service account
    /// (<c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>) <c>system:serviceaccounts</c> and
    /// <c>system:serviceaccounts:&lt;ns&gt;</c>, then <c>system:authenticated</c>.
    /// </summary>
    public Dictionary<string, string> Tokens { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Bearer token → extra groups of its user (e.g. <c>system:masters</c> for an admin).</summary>
    public Dictionary<string, IReadOnlyList<string>> TokenGroups { get; init; } = new(StringComparer.Ordinal);

    /// <summary>mTLS mandatory: the TLS handshake requires a client certificate chaining to the server's CA.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Requests without credentials act as <c>system:anonymous</c> (default: 401 Unauthorized).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The CA that signs the serving certificate and accepted client certificates (default: a new one).</summary>
    public TestCertificateAuthority? CertificateAuthority { get; set; }

    /// <summary>Extra SANs for the serving certificate (localhost/127.0.0.1 always included).</summary>
    public IList<string> ServerNames { get; init; } = [];

    /// <summary>Use this store (e.g. to share state between servers); default: a new one.</summary>
    public FakeObjectStore? Store { get; set; }

    /// <summary>
    /// Authorization policy (null: allow everything). Denials answer 403 Forbidden. With <see cref="Rbac"/> on it is
    /// consulted first, as a deny-only authorizer: false is a 403 for anyone; true leaves the decision to RBAC.
    /// </summary>
    public Func<FakeAuthorizationRequest, bool>? Authorize { get; set; }

    /// <summary>
    /// Authorize every request (and answer SubjectAccessReviews) with RBAC, as kube-apiserver's RBAC authorizer does
    /// (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go): against the Roles, ClusterRoles, RoleBindings and
    /// ClusterRoleBindings stored at request time; <c>system:masters</c> is allowed everything; impersonation needs the
    /// <c>impersonate</c> verb. See <see cref="ClusterGateway.TestSupport.Rbac.RbacAuthorizer"/> for what is and is not modelled. Default off.
    /// </summary>
    public bool Rbac { get; set; }

    /// <summary>
    /// Runs after authentication and logging, before normal handling; return true when it wrote the response
    /// (fault injection, custom endpoints).
    /// </summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    /// <summary>Reported by <c>/version</c>.</summary>
    public string GitVersion { get; set; } = "v1.32.0";

    /// <summary>
    /// Creates of namespaced objects in a namespace that does not exist answer 404 <c>namespaces "x" not found</c>, as
    /// the NamespaceLifecycle admission plugin does (default). Off: such creates succeed without the namespace.
    /// </summary>
    public bool NamespaceMustExist { get; set; } = true;

    /// <summary>Watches with allowWatchBookmarks get a BOOKMARK at this interval (null: never, the default).</summary>
    public TimeSpan? WatchBookmarkInterval { get; set; }
}
