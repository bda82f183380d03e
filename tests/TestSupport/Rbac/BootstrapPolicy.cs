using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// The part of kube-apiserver's bootstrap RBAC every client relies on (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/
/// bootstrappolicy/policy.go): <c>system:discovery</c> and <c>system:public-info-viewer</c> (discovery, version and
/// health paths) and <c>system:basic-user</c> (self reviews, e.g. <c>kubectl auth can-i</c>), bound to
/// <c>system:authenticated</c> (the public info also to <c>system:unauthenticated</c>); and the unbound roles an
/// aggregated apiserver is bound to: ClusterRole <c>system:auth-delegator</c> (TokenReview, SubjectAccessReview) and Role
/// <c>kube-system/extension-apiserver-authentication-reader</c> (bootstrappolicy/namespace_policy.go). Built in, never
/// stored: tests see only their own RBAC objects in the hub.
/// </summary>
internal static class BootstrapPolicy
{
    private static readonly Dictionary<string, JsonObject> Roles = new(StringComparer.Ordinal)
    {
        ["system:discovery"] = Role(NonResource("/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*", "/version",
            "/version/")),
        ["system:public-info-viewer"] = Role(NonResource("/healthz", "/livez", "/readyz", "/version", "/version/")),
        ["system:basic-user"] = Role(
            new JsonObject
            {
                ["apiGroups"] = new JsonArray("authorization.k8s.io"),
                ["resources"] = new JsonArray("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
                ["verbs"] = new JsonArray("create"),
            },
            new JsonObject
            {
                ["apiGroups"] = new JsonArray("authentication.k8s.io"),
                ["resources"] = new JsonArray("selfsubjectreviews"),
                ["verbs"] = new JsonArray("create"),
            }),
        ["system:auth-delegator"] = Role(
            new JsonObject
            {
                ["apiGroups"] = new JsonArray("authentication.k8s.io"),
                ["resources"] = new JsonArray("tokenreviews"),
                ["verbs"] = new JsonArray("create"),
            },
            new JsonObject
            {
                ["apiGroups"] = new JsonArray("authorization.k8s.io"),
                ["resources"] = new JsonArray("subjectaccessreviews"),
                ["verbs"] = new JsonArray("create"),
            }),
    };

    private static readonly Dictionary<string, JsonObject> NamespacedRoles = new(StringComparer.Ordinal)
    {
        ["kube-system/extension-apiserver-authentication-reader"] = Role(new JsonObject
        {
            ["apiGroups"] = new JsonArray(string.Empty),
            ["resources"] = new JsonArray("configmaps"),
            ["resourceNames"] = new JsonArray("extension-apiserver-authentication"),
            ["verbs"] = new JsonArray("get", "list", "watch"),
        }),
    };

    /// <summary>The bootstrap ClusterRoleBindings (one per role, named like it).</summary>
    public static IReadOnlyList<JsonObject> ClusterRoleBindings { get; } =
    [
        Binding("system:discovery", "system:authenticated"),
        Binding("system:public-info-viewer", "system:authenticated", "system:unauthenticated"),
        Binding("system:basic-user", "system:authenticated"),
    ];

    /// <summary>A bootstrap ClusterRole, or null.</summary>
    public static JsonObject? ClusterRole(string name) => Roles.GetValueOrDefault(name);

    /// <summary>A bootstrap Role of <paramref name="namespace"/>, or null.</summary>
    public static JsonObject? Role(string @namespace, string name) => NamespacedRoles.GetValueOrDefault($"{@namespace}/{name}");

    private static JsonObject Role(params JsonObject[] rules) => new() { ["rules"] = new JsonArray([.. rules]) };

    private static JsonObject NonResource(params string[] urls) => new()
    {
        ["nonResourceURLs"] = new JsonArray([.. urls.Select(u => (JsonNode)u)]),
        ["verbs"] = new JsonArray("get"),
    };

    private static JsonObject Binding(string name, params string[] groups) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = name },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = "Group",
            ["name"] = g,
        })]),
    };
}
