using System.Text.Json.Nodes;

namespace ClusterGateway.AddonManager.Tests.Chart;

/// <summary>
/// What the rendered RBAC grants one ServiceAccount, evaluated as the Kubernetes RBAC authorizer does
/// (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): ClusterRoleBindings grant a ClusterRole everywhere,
/// RoleBindings grant a Role or ClusterRole in their namespace; a rule with resourceNames only matches those names.
/// </summary>
internal sealed class RenderedRbac
{
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
            var role = Of("ClusterRole").Single(r => Name(r) == binding["roleRef"]!["name"]!.GetValue<string>());
            grants.AddRange(Expand(RbacGrant.Cluster, role));
        }

        foreach (var binding in Of("RoleBinding").Where(BindsAccount))
        {
            var ns = Namespace(binding)!;
            var roleKind = binding["roleRef"]!["kind"]!.GetValue<string>();
            var roleName = binding["roleRef"]!["name"]!.GetValue<string>();
            var role = Of(roleKind).Single(r => Name(r) == roleName && (roleKind == "ClusterRole" || Namespace(r) == ns));
            grants.AddRange(Expand(ns, role));
        }

        return new RenderedRbac(grants);
    }

    /// <summary>Whether some grant covers <paramref name="wanted"/> (wildcards honoured).</summary>
    public bool Allows(RbacGrant wanted) => Grants.Any(g =>
        (g.Scope == RbacGrant.Cluster || g.Scope == wanted.Scope)
        && (g.Group == "*" || g.Group == wanted.Group)
        && (g.Resource == "*" || g.Resource == wanted.Resource)
        && (g.Verb == "*" || g.Verb == wanted.Verb)
        && (g.Name is null || g.Name == wanted.Name));

    private static IEnumerable<RbacGrant> Expand(string scope, JsonObject role) =>
        from rule in role["rules"]!.AsArray()
        from grant in ExpandRule(scope, rule!.AsObject())
        select grant;

    /// <summary>The grants of one PolicyRule in <paramref name="scope"/>.</summary>
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
