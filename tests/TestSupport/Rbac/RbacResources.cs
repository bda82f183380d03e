namespace ClusterGateway.TestSupport;

/// <summary>The rbac.authorization.k8s.io/v1 kinds and SelfSubjectAccessReview, served by default.</summary>
public sealed partial record FakeResource
{
    public static FakeResource Roles => RbacKinds.Roles;

    public static FakeResource RoleBindings => RbacKinds.RoleBindings;

    public static FakeResource ClusterRoles => RbacKinds.ClusterRoles;

    public static FakeResource ClusterRoleBindings => RbacKinds.ClusterRoleBindings;

    /// <summary><c>kubectl auth can-i</c>: answered for the requesting user like a SubjectAccessReview.</summary>
    public static FakeResource SelfSubjectAccessReviews => RbacKinds.SelfSubjectAccessReviews;

    // A nested holder: its fields are initialized on first use, so Defaults (in the other part) can list them whatever
    // the order in which the parts' static initializers run.
    private static class RbacKinds
    {
        public static readonly FakeResource Roles = Rbac("roles", "Role", true);
        public static readonly FakeResource RoleBindings = Rbac("rolebindings", "RoleBinding", true);
        public static readonly FakeResource ClusterRoles = Rbac("clusterroles", "ClusterRole", false);
        public static readonly FakeResource ClusterRoleBindings = Rbac("clusterrolebindings", "ClusterRoleBinding", false);

        public static readonly FakeResource SelfSubjectAccessReviews =
            new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false)
            {
                BuiltIn = true,
                CreateOnly = true,
                StatusSubresource = false,
            };

        private static FakeResource Rbac(string plural, string kind, bool namespaced) =>
            new("rbac.authorization.k8s.io", "v1", plural, kind, namespaced)
            {
                BuiltIn = true,
                StatusSubresource = false,
                DeleteReturnsObject = false,
            };
    }
}
