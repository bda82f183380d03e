using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Charts;

/// <summary>
/// What the rendered RBAC grants one ServiceAccount, evaluated as the Kubernetes RBAC authorizer does
/// (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): ClusterRoleBindings grant a ClusterRole everywhere,
/// RoleBindings grant a Role or ClusterRole in their namespace; a rule with resourceNames only matches those names.
/// Bindings to the two bootstrap roles an aggregated apiserver is bound to use their rules from
/// k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy (policy.go, namespace_policy.go).
/// </summary>
public sealed class RenderedRbac
{
    private static readonly Dictionary<string, RbacGrant[]> BootstrapClusterRoles = new(StringComparer.Ordinal)
    {
        ["system:auth-delegator"] =
        [
            .. RbacGrant.Expand(RbacGrant.Cluster, "authentication.k8s.io", "tokenreviews", "create"),
            .. RbacGrant.Expand(RbacGrant.Cluster, "authorization.k8s.io", "subjectaccessreviews", "create"),
        ],
    };

    private static readonly Dictionary<string, RbacGrant[]> BootstrapRoles = new(StringComparer.Ordinal)
    {
        ["kube-system/extension-apiserver-authentication-reader"] =
        [
            .. RbacGrant.Expand("kube-system", "", "configmaps", "get list watch", "extension-apiserver-authentication"),
        ],
    };

    private RenderedRbac(IReadOnlyList<RbacGrant> grants) => Grants = grants;

    /// <summary>Every grant, expanded to one verb and one name (or none) each.</summary>
    public IReadOnlyList<RbacGrant> Grants { get; }

    public static RenderedRbac For(IReadOnlyList<JsonObject> objects, string serviceAccountNamespace, string serviceAccountName)
    {
        string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();
        string? Namespace(JsonObject o) => o["metadata"]!["namespace"]?.GetValue<string>();
        IEnumerable<JsonObject> Of(string kind) =>
            objects.Where(o => o["apiVersion"]!.GetValue<string>() == "rbac.authorization.k8s.io/v1"
                && o["kind"]!.GetValue<string>() == kind);
        bool BindsAccount(JsonObject binding) => binding["subjects"]!.AsArray().Any(s =>
            s!["kind"]!.GetValue<string>() == "ServiceAccount" && s["name"]!.GetValue<string>() == serviceAccountName
            && s["namespace"]?.GetValue<string>() == serviceAccountNamespace);

        var grants = new List<RbacGrant>();
        foreach (var binding in Of("ClusterRoleBinding").Where(BindsAccount))
        {
            var roleName = binding["roleRef"]!["name"]!.GetValue<string>();
            grants.AddRange(BootstrapClusterRoles.TryGetValue(roleName, out var bootstrap)
                ? bootstrap
                : Expand(RbacGrant.Cluster, Of("ClusterRole").Single(r => Name(r) == roleName)));
        }

        foreach (var binding in Of("RoleBinding").Where(BindsAccount))
        {
            var ns = Namespace(binding)!;
            var roleKind = binding["roleRef"]!["kind"]!.GetValue<string>();
            var roleName = binding["roleRef"]!["name"]!.GetValue<string>();
            if (roleKind == "Role" && BootstrapRoles.TryGetValue($"{ns}/{roleName}", out var bootstrap))
            {
                grants.AddRange(bootstrap);
                continue;
            }

            var role = Of(roleKind).Single(r => Name(r) == roleName && (roleKind == "ClusterRole" || Namespace(r) == ns));
            grants.AddRange(Expand(ns, role));
        }

        return new RenderedRbac(grants);
    }

    /// <summary>Whether some grant covers <paramref name="wanted"/>.</summary>
    public bool Allows(RbacGrant wanted) => Grants.Any(g => g.Covers(wanted));

    private static IEnumerable<RbacGrant> Expand(string scope, JsonObject role) =>
        from rule in role["rules"]!.AsArray()
        from grant in ExpandRule(scope, rule!)
        select grant;

    /// <summary>The grants of one PolicyRule in <paramref name="scope"/>.</summary>
    /// <param name="scope">A namespace, or <see cref="RbacGrant.Cluster"/>.</param>
    /// <param name="rule">The rule.</param>
    /// <returns>One grant per group, resource, verb and name.</returns>
    public static IEnumerable<RbacGrant> ExpandRule(string scope, JsonNode rule)
    {
        static string[] Strings(JsonNode? node) => node is null ? [] : [.. node.AsArray().Select(n => n!.GetValue<string>())];
        var names = Strings(rule["resourceNames"]);
        return from g in Strings(rule["apiGroups"])
               from r in Strings(rule["resources"])
               from grant in RbacGrant.Expand(scope, g, r, string.Join(' ', Strings(rule["verbs"])), names)
               select grant;
    }
}
