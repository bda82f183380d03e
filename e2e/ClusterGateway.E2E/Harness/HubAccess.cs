namespace ClusterGateway.E2E.Harness;

/// <summary>
/// Who may do what on the fake hub. alice is granted <c>clustergateways</c> and <c>clustergateways/proxy</c> by a
/// ClusterRole and ClusterRoleBinding the journey applies with kubectl (<see cref="AliceRbacYaml"/>); bob has none.
/// The hub authorizes from the RBAC objects stored in it (admin is in <c>system:masters</c>), so bob's 403 and the
/// service accounts' permissions (the chart's and the manager-written RBAC) are real decisions.
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
}
