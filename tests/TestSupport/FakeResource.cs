namespace ClusterGateway.TestSupport;

/// <summary>A resource the fake API server serves (one group/version/plural), like a discovery entry.</summary>
public sealed partial record FakeResource(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>Lower-case kind unless set.</summary>
    public string SingularName { get; init; } = Kind.ToLowerInvariant();

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Serve <c>{name}/status</c>; main-resource writes then keep the stored status (like CRDs).</summary>
    public bool StatusSubresource { get; init; } = true;

    /// <summary>DELETE answers with the deleted object (false: a <c>Status</c> Success, like ConfigMaps).</summary>
    public bool DeleteReturnsObject { get; init; } = true;

    /// <summary>Compiled-in types: list items carry no kind/apiVersion (custom resources do).</summary>
    public bool BuiltIn { get; init; }

    /// <summary>
    /// The served version's <c>schema.openAPIV3Schema</c> for a custom resource (from its CRD), or null: the object shape
    /// is not checked (built-in kinds).
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? Schema { get; init; }

    /// <summary>Only <c>create</c> is served (TokenReview, SubjectAccessReview).</summary>
    public bool CreateOnly { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>plural</c> or <c>plural.group</c>: the resource part of error messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static FakeResource Namespaces { get; } = Core("namespaces", "Namespace", false, "ns") with
    {
        DeleteReturnsObject = true,
    };

    public static FakeResource ConfigMaps { get; } = Core("configmaps", "ConfigMap", true, "cm") with
    {
        StatusSubresource = false,
        DeleteReturnsObject = false,
    };

    public static FakeResource Secrets { get; } = Core("secrets", "Secret", true) with
    {
        StatusSubresource = false,
        DeleteReturnsObject = false,
    };

    public static FakeResource Pods { get; } = Core("pods", "Pod", true, "po");

    public static FakeResource Services { get; } = Core("services", "Service", true, "svc");

    public static FakeResource Events { get; } = Core("events", "Event", true, "ev") with
    {
        StatusSubresource = false,
        DeleteReturnsObject = false,
    };

    public static FakeResource ServiceAccounts { get; } = Core("serviceaccounts", "ServiceAccount", true, "sa") with
    {
        StatusSubresource = false,
        DeleteReturnsObject = false,
    };

    public static FakeResource Leases { get; } =
        new FakeResource("coordination.k8s.io", "v1", "leases", "Lease", true)
        {
            BuiltIn = true,
            StatusSubresource = false,
            DeleteReturnsObject = false,
        };

    public static FakeResource Deployments { get; } =
        new FakeResource("apps", "v1", "deployments", "Deployment", true) { BuiltIn = true, ShortNames = ["deploy"] };

    public static FakeResource CustomResourceDefinitions { get; } =
        new FakeResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false)
        {
            BuiltIn = true,
            ShortNames = ["crd", "crds"],
        };

    public static FakeResource ApiServices { get; } =
        new FakeResource("apiregistration.k8s.io", "v1", "apiservices", "APIService", false) { BuiltIn = true };

    public static FakeResource TokenReviews { get; } =
        new FakeResource("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false)
        {
            BuiltIn = true,
            CreateOnly = true,
            StatusSubresource = false,
        };

    public static FakeResource SubjectAccessReviews { get; } =
        new FakeResource("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false)
        {
            BuiltIn = true,
            CreateOnly = true,
            StatusSubresource = false,
        };

    /// <summary>Every resource a new store serves.</summary>
    public static IReadOnlyList<FakeResource> Defaults { get; } =
    [
        Namespaces, ConfigMaps, Secrets, Pods, Services, Events, ServiceAccounts, Leases, Deployments,
        CustomResourceDefinitions, ApiServices, TokenReviews, SubjectAccessReviews,
        SelfSubjectAccessReviews, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings,
    ];

    /// <summary>The verbs discovery reports.</summary>
    public IReadOnlyList<string> Verbs => CreateOnly
        ? ["create"]
        : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    private static FakeResource Core(string plural, string kind, bool namespaced, params string[] shortNames) =>
        new(string.Empty, "v1", plural, kind, namespaced) { BuiltIn = true, ShortNames = shortNames };
}
