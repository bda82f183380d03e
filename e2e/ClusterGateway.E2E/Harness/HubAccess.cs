using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// Who may do what on the fake hub. alice is granted <c>clustergateways</c> and <c>clustergateways/proxy</c> by a
/// ClusterRole and ClusterRoleBinding the journey applies with kubectl (<see cref="AliceRbacYaml"/>); bob has none.
/// Until the hub authorizes from stored RBAC, <see cref="Authorize"/> encodes the same grants as a policy: everyone
/// but bob may do everything; bob may do nothing in <c>cluster.core.oam.dev</c>.
/// </summary>
internal static class HubAccess
{
    /// <summary>What alice is granted (and bob is not): the RBAC a user of the gateway needs.</summary>
    public const string AliceRbacYaml = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: cluster-gateway-user
        rules:
          - apiGroups: ["cluster.core.oam.dev"]
            resources: ["clustergateways", "clustergateways/proxy"]
            verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: alice-cluster-gateway-user
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-gateway-user
        subjects:
          - apiGroup: rbac.authorization.k8s.io
            kind: User
            name: alice
        """;

    public static bool Authorize(FakeAuthorizationRequest request) =>
        request.User.Name != "bob" || request.ApiGroup != "cluster.core.oam.dev";

    /// <summary>Serves the RBAC kinds the chart and the manager write, when the hub does not serve them yet.</summary>
    public static void ServeRbac(FakeApiServer hub)
    {
        foreach (var (plural, kind, namespaced) in new[]
                 {
                     ("roles", "Role", true), ("rolebindings", "RoleBinding", true),
                     ("clusterroles", "ClusterRole", false), ("clusterrolebindings", "ClusterRoleBinding", false),
                 })
        {
            if (hub.Store.FindResource("rbac.authorization.k8s.io", "v1", plural) is null)
            {
                hub.RegisterResource(new FakeResource("rbac.authorization.k8s.io", "v1", plural, kind, namespaced)
                {
                    BuiltIn = true,
                    StatusSubresource = false,
                });
            }
        }
    }
}
