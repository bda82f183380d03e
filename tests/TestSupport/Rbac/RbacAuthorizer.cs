using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// kube-apiserver's RBAC authorizer over the objects stored in the fake hub at request time
/// (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go; rule resolution as in
/// k8s.io/kubernetes/pkg/registry/rbac/validation/rule.go; https://kubernetes.io/docs/reference/access-authn-authz/rbac/):
/// every ClusterRoleBinding, then the RoleBindings of the request's namespace, whose subjects include the user
/// (<c>User</c> by name, <c>Group</c> by membership, <c>ServiceAccount</c> by namespace and name, a RoleBinding's
/// namespace when the subject names none), each rule of the bound Role or ClusterRole checked with
/// <see cref="PolicyRules.Allows"/>. The first rule that allows wins, with kube's reason (<c>RBAC: allowed by
/// ClusterRoleBinding "x" of ClusterRole "y" to User "z"</c>); otherwise no opinion, and a missing role is named in the
/// reason (<c>RBAC: clusterrole.rbac.authorization.k8s.io "y" not found</c>). The bootstrap discovery and self-review
/// roles (<see cref="BootstrapPolicy"/>) always apply. Not modelled: ClusterRole <c>aggregationRule</c> (only the stored
/// <c>rules</c> count), and the escalation check on writing roles and bindings (<c>escalate</c>/<c>bind</c>).
/// </summary>
internal sealed class RbacAuthorizer(FakeObjectStore store)
{
    public AuthorizationDecision Authorize(FakeAuthorizationRequest request)
    {
        var errors = new List<string>();
        var clusterBindings = BootstrapPolicy.ClusterRoleBindings.Concat(store.List(FakeResource.ClusterRoleBindings));
        foreach (var binding in clusterBindings)
        {
            if (Subject(binding, request.User, string.Empty) is not { } subject)
            {
                continue;
            }

            var source = $"ClusterRoleBinding \"{Name(binding)}\" of {RoleRef(binding)} to {Describe(subject, string.Empty)}";
            if (Visit(binding, null, request, errors, source) is { } allowed)
            {
                return allowed;
            }
        }

        if (request.Namespace is { Length: > 0 } ns)
        {
            foreach (var binding in store.List(FakeResource.RoleBindings, ns))
            {
                if (Subject(binding, request.User, ns) is not { } subject)
                {
                    continue;
                }

                var source = $"RoleBinding \"{Name(binding)}/{ns}\" of {RoleRef(binding)} to {Describe(subject, ns)}";
                if (Visit(binding, ns, request, errors, source) is { } allowed)
                {
                    return allowed;
                }
            }
        }

        var reason = errors.Count switch
        {
            0 => string.Empty,
            1 => $"RBAC: {errors[0]}",
            _ => $"RBAC: [{string.Join(", ", errors)}]",
        };
        return new AuthorizationDecision(false, reason);
    }

    private AuthorizationDecision? Visit(JsonObject binding, string? ns, FakeAuthorizationRequest request,
        List<string> errors, string source)
    {
        var kind = binding["roleRef"]?["kind"]?.GetValue<string>() ?? string.Empty;
        var name = binding["roleRef"]?["name"]?.GetValue<string>() ?? string.Empty;
        var role = (kind, ns) switch
        {
            ("Role", { } roleNamespace) => BootstrapPolicy.Role(roleNamespace, name) ??
                store.Get(FakeResource.Roles, roleNamespace, name),
            ("ClusterRole", _) => BootstrapPolicy.ClusterRole(name) ?? store.Get(FakeResource.ClusterRoles, null, name),
            _ => null,
        };
        if (role is null)
        {
            errors.Add($"{kind.ToLowerInvariant()}.rbac.authorization.k8s.io \"{name}\" not found");
            return null;
        }

        var allows = (role["rules"] as JsonArray ?? []).OfType<JsonObject>().Any(rule => PolicyRules.Allows(rule, request));
        return allows ? new AuthorizationDecision(true, $"RBAC: allowed by {source}") : null;
    }

    // The first subject of the binding that applies to the user (rule.go appliesTo).
    private static JsonObject? Subject(JsonObject binding, FakeUser user, string bindingNamespace) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(s =>
        {
            var name = s["name"]?.GetValue<string>() ?? string.Empty;
            switch (s["kind"]?.GetValue<string>())
            {
                case "User":
                    return user.Name == name;
                case "Group":
                    return user.Groups.Contains(name);
                case "ServiceAccount":
                    var ns = s["namespace"]?.GetValue<string>() is { Length: > 0 } explicitNs ? explicitNs : bindingNamespace;
                    return ns.Length > 0 && user.Name == ServiceAccounts.User(ns, name);
                default:
                    return false;
            }
        });

    private static string Describe(JsonObject subject, string bindingNamespace)
    {
        var kind = subject["kind"]?.GetValue<string>() ?? string.Empty;
        var name = subject["name"]?.GetValue<string>() ?? string.Empty;
        if (kind == "ServiceAccount")
        {
            var ns = subject["namespace"]?.GetValue<string>() is { Length: > 0 } explicitNs ? explicitNs : bindingNamespace;
            name = $"{name}/{ns}";
        }

        return $"{kind} \"{name}\"";
    }

    private static string RoleRef(JsonObject binding) =>
        $"{binding["roleRef"]?["kind"]?.GetValue<string>()} \"{binding["roleRef"]?["name"]?.GetValue<string>()}\"";

    private static string Name(JsonObject obj) => ObjectMeta.Name(obj) ?? string.Empty;
}
