using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>
/// The fake's RBAC (<see cref="FakeApiServerOptions.Rbac"/>) over real HTTP: each kind of rule, binding and subject
/// allows what it names and nothing next to it, with kube-apiserver's 403 wording and SubjectAccessReview reasons.
/// </summary>
public sealed class RbacAuthorizationTests
{
    private const string ConfigMapsA = "/api/v1/namespaces/a/configmaps";

    [Fact(Timeout = 60_000)]
    public async Task Verbs_RoleAllowsGetAndList_DeleteIs403InKubeWording()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(Role("a", "reader", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}""")
            + Binding("a", "reader", "Role", "User", "alice"));

        (await env.GetAsync("alice", ConfigMapsA)).Code.Should().Be(200);
        (await env.GetAsync("alice", ConfigMapsA + "/cm1")).Code.Should().Be(200);
        var (code, body) = await env.SendAsync("alice", HttpMethod.Delete, ConfigMapsA + "/cm1");

        code.Should().Be(403);
        ((string?)body!["reason"]).Should().Be("Forbidden");
        ((string?)body["message"]).Should().Be("configmaps \"cm1\" is forbidden: User \"alice\" cannot delete resource " +
            "\"configmaps\" in API group \"\" in the namespace \"a\"");
        JsonNode.DeepEquals(body["details"], JsonNode.Parse("""{"name": "cm1", "kind": "configmaps"}""")).Should().BeTrue();
        env.Store.Get(FakeResource.ConfigMaps, "a", "cm1").Should().NotBeNull();
        // bob holds nothing: the same read is denied to him.
        (await env.GetAsync("bob", ConfigMapsA)).Code.Should().Be(403);
    }

    [Fact(Timeout = 60_000)]
    public async Task Wildcards_StarVerbGroupResource_AllowEverythingInTheNamespace()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(Role("a", "all", """{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}""")
            + Binding("a", "all", "Role", "User", "alice"));

        (await env.SendAsync("alice", HttpMethod.Delete, ConfigMapsA + "/cm1")).Code.Should().Be(200);
        (await env.GetAsync("alice", "/apis/apps/v1/namespaces/a/deployments")).Code.Should().Be(200);
        (await env.GetAsync("alice", "/api/v1/namespaces/b/configmaps")).Code.Should().Be(403);
    }

    [Fact(Timeout = 60_000)]
    public async Task ResourceNames_OnlyNamedObjects_ListOnlyWithTheNameFieldSelector()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(Role("a", "one", """
            {"apiGroups": [""], "resources": ["configmaps"], "resourceNames": ["cm1"], "verbs": ["get", "list", "update", "create"]}
            """) + Binding("a", "one", "Role", "User", "alice"));

        (await env.GetAsync("alice", ConfigMapsA + "/cm1")).Code.Should().Be(200);
        (await env.GetAsync("alice", ConfigMapsA + "/cm2")).Code.Should().Be(403);
        (await env.GetAsync("alice", ConfigMapsA)).Code.Should().Be(403, "a list has no name");
        (await env.GetAsync("alice", ConfigMapsA + "?fieldSelector=metadata.name%3Dcm1")).Code.Should().Be(200);
        var (code, body) = await env.SendAsync("alice", HttpMethod.Post, ConfigMapsA, """{"metadata": {"name": "cm1"}}""");
        code.Should().Be(403, "a create has no name in its URL");
        ((string?)body!["message"]).Should().Be("configmaps is forbidden: User \"alice\" cannot create resource " +
            "\"configmaps\" in API group \"\" in the namespace \"a\"");
    }

    [Fact(Timeout = 60_000)]
    public async Task Subresources_StatusRuleAllowsStatusOnly_StarSlashMatchesAnyResource()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.Put(FakeResource.Deployments, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "d", ["namespace"] = "a" } });
        env.Store.ApplyYaml(ClusterRole("status", """{"apiGroups": ["apps"], "resources": ["deployments/status"], "verbs": ["get"]}""")
            + ClusterRole("any-status", """{"apiGroups": [""], "resources": ["*/status"], "verbs": ["get"]}""")
            + ClusterBinding("status", "User", "alice") + ClusterBinding("any-status", "User", "alice"));
        const string deployment = "/apis/apps/v1/namespaces/a/deployments/d";

        (await env.GetAsync("alice", deployment + "/status")).Code.Should().Be(200);
        var (code, body) = await env.GetAsync("alice", deployment);
        code.Should().Be(403);
        ((string?)body!["message"]).Should().Be("deployments.apps \"d\" is forbidden: User \"alice\" cannot get resource " +
            "\"deployments\" in API group \"apps\" in the namespace \"a\"");
        var pod = await env.GetAsync("alice", "/api/v1/namespaces/a/pods/p/status");
        pod.Code.Should().Be(404, "allowed by */status, then not found");
        var denied = await env.GetAsync("alice", "/api/v1/namespaces/a/pods/p/log");
        ((string?)denied.Body!["message"]).Should().EndWith("cannot get resource \"pods/log\" in API group \"\" in the namespace \"a\"");
    }

    [Fact(Timeout = 60_000)]
    public async Task Bindings_ClusterRoleByRoleBindingIsNamespaced_ByClusterRoleBindingEverywhere()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(ClusterRole("cm-reader", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]}""")
            + Binding("a", "cm-reader", "ClusterRole", "User", "alice") + ClusterBinding("cm-reader", "User", "bob"));

        (await env.GetAsync("alice", ConfigMapsA)).Code.Should().Be(200);
        (await env.GetAsync("alice", "/api/v1/namespaces/b/configmaps")).Code.Should().Be(403);
        var (code, body) = await env.GetAsync("alice", "/api/v1/configmaps");
        code.Should().Be(403);
        ((string?)body!["message"]).Should().Be("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" " +
            "in API group \"\" at the cluster scope");
        (await env.GetAsync("bob", "/api/v1/namespaces/b/configmaps")).Code.Should().Be(200);
        (await env.GetAsync("bob", "/api/v1/configmaps")).Code.Should().Be(200);
    }

    [Fact(Timeout = 60_000)]
    public async Task Subjects_GroupAndServiceAccount_MatchByMembershipAndNamespace()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(ClusterRole("cm-reader", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]}""")
            + Binding("a", "cm-reader", "ClusterRole", "Group", "devs", name: "devs")
            // No namespace on the subject: the RoleBinding's own (a), so builder in a but not in b.
            + Binding("a", "cm-reader", "ClusterRole", "ServiceAccount", "builder", name: "builder")
            + Binding("b", "cm-reader", "ClusterRole", "ServiceAccount", "builder", name: "builder")
            + Binding("b", "cm-reader", "ClusterRole", "Group", "system:serviceaccounts:a", name: "sa-group", subjectNamespace: null));
        using var devCertificate = env.Server.Ca.IssueClientCertificate("carol", "devs");
        using var carol = env.Server.CreateClient(clientCertificate: devCertificate);

        (await env.GetAsync("alice", ConfigMapsA)).Code.Should().Be(200, "alice's token carries group devs");
        (await carol.GetAsync(new Uri(ConfigMapsA, UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await env.GetAsync("bob", ConfigMapsA)).Code.Should().Be(403);
        (await env.GetAsync("sa", ConfigMapsA)).Code.Should().Be(200);
        env.Store.Delete(FakeResource.RoleBindings, "b", "sa-group");
        (await env.GetAsync("sa", "/api/v1/namespaces/b/configmaps")).Code.Should().Be(403,
            "the RoleBinding in b names the account b/builder");
        env.Store.ApplyYaml(Binding("b", "cm-reader", "ClusterRole", "Group", "system:serviceaccounts:a", name: "sa-group"));
        (await env.GetAsync("sa", "/api/v1/namespaces/b/configmaps")).Code.Should().Be(200, "system:serviceaccounts:a");
    }

    [Fact(Timeout = 60_000)]
    public async Task NonResourceUrls_ExactAndPrefix_BootstrapDiscoveryForEveryone()
    {
        await using var env = await RbacEnvironment.StartAsync();

        (await env.GetAsync("bob", "/version")).Code.Should().Be(200);
        (await env.GetAsync("bob", "/apis")).Code.Should().Be(200);
        var (code, body) = await env.GetAsync("bob", "/metrics");
        code.Should().Be(403);
        ((string?)body!["message"]).Should().Be("forbidden: User \"bob\" cannot get path \"/metrics\"");

        env.Store.ApplyYaml(ClusterRole("metrics", """{"nonResourceURLs": ["/metrics", "/logs/*"], "verbs": ["get"]}""")
            + ClusterBinding("metrics", "User", "bob"));
        (await env.GetAsync("bob", "/metrics")).Code.Should().Be(404, "allowed, and the fake serves no metrics");
        (await env.GetAsync("bob", "/logs/kube-apiserver.log")).Code.Should().Be(404);
        (await env.GetAsync("bob", "/metricsx")).Code.Should().Be(403);
    }

    [Fact(Timeout = 60_000)]
    public async Task Impersonation_NeedsImpersonateOnTheUserGroupsAndServiceAccount()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(Role("a", "reader", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]}""")
            + Binding("a", "reader", "Role", "User", "bob") + Binding("a", "reader", "Role", "ServiceAccount", "builder", name: "sa"));

        var denied = await env.GetAsync("alice", ConfigMapsA, ("Impersonate-User", "bob"));
        denied.Code.Should().Be(403);
        ((string?)denied.Body!["message"]).Should().Be("users \"bob\" is forbidden: User \"alice\" cannot impersonate resource " +
            "\"users\" in API group \"\" at the cluster scope");

        env.Store.ApplyYaml(ClusterRole("impersonator",
            """{"apiGroups": [""], "resources": ["users"], "resourceNames": ["bob"], "verbs": ["impersonate"]}""")
            + ClusterBinding("impersonator", "User", "alice")
            + Role("a", "sa-impersonator", """{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]}""")
            + Binding("a", "sa-impersonator", "Role", "User", "alice"));
        (await env.GetAsync("alice", ConfigMapsA, ("Impersonate-User", "bob"))).Code.Should().Be(200, "as bob");
        (await env.GetAsync("alice", "/api/v1/namespaces/b/configmaps", ("Impersonate-User", "bob"))).Code.Should().Be(403,
            "bob may not list in b");
        var group = await env.GetAsync("alice", ConfigMapsA, ("Impersonate-User", "bob"), ("Impersonate-Group", "system:masters"));
        ((string?)group.Body!["message"]).Should().Be("groups \"system:masters\" is forbidden: User \"alice\" cannot " +
            "impersonate resource \"groups\" in API group \"\" at the cluster scope");
        (await env.GetAsync("alice", ConfigMapsA, ("Impersonate-User", RbacEnvironment.ServiceAccount))).Code.Should().Be(200);
        var otherAccount = await env.GetAsync("alice", ConfigMapsA, ("Impersonate-User", "system:serviceaccount:b:builder"));
        ((string?)otherAccount.Body!["message"]).Should().Be("serviceaccounts \"builder\" is forbidden: User \"alice\" cannot " +
            "impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"b\"");
        (await env.GetAsync("admin", ConfigMapsA, ("Impersonate-User", "mallory"))).Code.Should().Be(403,
            "system:masters may impersonate anyone, and mallory holds nothing");
    }

    [Fact(Timeout = 60_000)]
    public async Task SubjectAccessReview_AnsweredByRbacWithTheBindingAsReason()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(ClusterRole("cm-reader", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}""")
            + ClusterBinding("cm-reader", "User", "alice", name: "alice-reads")
            + Binding("a", "cm-reader", "ClusterRole", "ServiceAccount", "builder", name: "sa-reads"));

        var alice = await ReviewAsync(env, "alice", [], "get", "b");
        var account = await ReviewAsync(env, RbacEnvironment.ServiceAccount, [], "get", "a");
        var bob = await ReviewAsync(env, "bob", ["devs"], "get", "a");
        var aliceDelete = await ReviewAsync(env, "alice", [], "delete", "a");

        ((bool)alice["allowed"]!).Should().BeTrue();
        ((string?)alice["reason"]).Should().Be(
            "RBAC: allowed by ClusterRoleBinding \"alice-reads\" of ClusterRole \"cm-reader\" to User \"alice\"");
        ((bool)account["allowed"]!).Should().BeTrue();
        ((string?)account["reason"]).Should().Be(
            "RBAC: allowed by RoleBinding \"sa-reads/a\" of ClusterRole \"cm-reader\" to ServiceAccount \"builder/a\"");
        bob.ToJsonString().Should().Be("""{"allowed":false}""");
        aliceDelete.ToJsonString().Should().Be("""{"allowed":false}""");
    }

    [Fact(Timeout = 60_000)]
    public async Task MissingRole_DenialNamesItAndAnotherBindingStillAllows()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(Binding("a", "gone", "Role", "User", "alice"));

        var (code, body) = await env.GetAsync("alice", ConfigMapsA);
        code.Should().Be(403);
        ((string?)body!["message"]).Should().Be("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" " +
            "in API group \"\" in the namespace \"a\": RBAC: role.rbac.authorization.k8s.io \"gone\" not found");

        env.Store.ApplyYaml(Role("a", "gone", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["list"]}"""));
        (await env.GetAsync("alice", ConfigMapsA)).Code.Should().Be(200);
    }

    [Fact(Timeout = 60_000)]
    public async Task Masters_AllowedEverything_PolicyCallbackStillDeniesFirst()
    {
        await using var env = await RbacEnvironment.StartAsync();

        (await env.SendAsync("admin", HttpMethod.Delete, ConfigMapsA + "/cm1")).Code.Should().Be(200);
        env.Server.Options.Authorize = r => r.Resource != "secrets";
        (await env.GetAsync("admin", "/api/v1/namespaces/a/secrets")).Code.Should().Be(403);
        (await env.GetAsync("admin", ConfigMapsA)).Code.Should().Be(200);
        (await env.GetAsync("bob", ConfigMapsA)).Code.Should().Be(403, "the callback allowing leaves bob to RBAC");
    }

    [Fact(Timeout = 60_000)]
    public async Task ServerSideApply_CreatingNeedsCreate_UpdatingNeedsPatchOnly()
    {
        await using var env = await RbacEnvironment.StartAsync();
        env.Store.ApplyYaml(Role("a", "patcher", """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["patch"]}""")
            + Binding("a", "patcher", "Role", "User", "alice"));
        const string apply = """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "NAME"}, "data": {"k": "v"}}""";

        var existing = await env.SendAsync("alice", HttpMethod.Patch, ConfigMapsA + "/cm1?fieldManager=t", apply.Replace("NAME", "cm1"),
            "application/apply-patch+yaml");
        var fresh = await env.SendAsync("alice", HttpMethod.Patch, ConfigMapsA + "/new?fieldManager=t", apply.Replace("NAME", "new"),
            "application/apply-patch+yaml");

        existing.Code.Should().Be(200);
        fresh.Code.Should().Be(403);
        ((string?)fresh.Body!["message"]).Should().Be("configmaps \"new\" is forbidden: ");
        env.Store.Get(FakeResource.ConfigMaps, "a", "new").Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task TokenReview_ServiceAccountAndTokenGroups()
    {
        await using var env = await RbacEnvironment.StartAsync();

        var (_, body) = await env.SendAsync("admin", HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews",
            """{"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "sa-token"}}""");

        body!["status"]!["user"]!.ToJsonString().Should().Be("""{"username":"system:serviceaccount:a:builder","groups":["system:serviceaccounts","system:serviceaccounts:a","system:authenticated"]}""");
    }

    private static async Task<JsonNode> ReviewAsync(RbacEnvironment env, string user, string[] groups, string verb, string ns)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["user"] = user,
                ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)g)]),
                ["resourceAttributes"] = new JsonObject
                {
                    ["verb"] = verb, ["version"] = "v1", ["resource"] = "configmaps", ["namespace"] = ns, ["name"] = "cm1",
                },
            },
        };
        var (code, body) = await env.SendAsync("admin", HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            review.ToJsonString());
        code.Should().Be(201);
        return body!["status"]!;
    }

    internal static string Role(string ns, string name, params string[] rules) => $$"""
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: "{{name}}", namespace: {{ns}}}
        rules: [{{string.Join(", ", rules)}}]

        """;

    internal static string ClusterRole(string name, params string[] rules) => $$"""
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "{{name}}"}
        rules: [{{string.Join(", ", rules)}}]

        """;

    internal static string Binding(string ns, string role, string roleKind, string subjectKind, string subject,
        string? name = null, string? subjectNamespace = "") => $$"""
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: "{{name ?? role}}", namespace: {{ns}}}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: {{roleKind}}, name: "{{role}}"}
        subjects: [{{Subject(subjectKind, subject, subjectNamespace)}}]

        """;

    internal static string ClusterBinding(string role, string subjectKind, string subject, string? name = null) => $$"""
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: "{{name ?? role}}"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "{{role}}"}
        subjects: [{{Subject(subjectKind, subject, "")}}]

        """;

    private static string Subject(string kind, string name, string? ns) =>
        kind == "ServiceAccount"
            ? $$"""{kind: ServiceAccount, name: "{{name}}"{{(string.IsNullOrEmpty(ns) ? "" : $", namespace: {ns}")}}}"""
            : $$"""{apiGroup: rbac.authorization.k8s.io, kind: {{kind}}, name: "{{name}}"}""";
}
