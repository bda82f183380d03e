using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>Real kubectl against the fake's RBAC: <c>kubectl auth can-i</c> (SelfSubjectAccessReview) and a 403.</summary>
public sealed class KubectlRbacTests
{
    [Fact(Timeout = 60_000)]
    public async Task AuthCanI_AnswersFromStoredRbac_AndGetIsForbiddenInKubeWording()
    {
        var options = new FakeApiServerOptions { Rbac = true };
        options.TokenGroups[KubectlEnvironment.AdminToken] = ["system:masters"];
        options.Tokens["alice-token"] = "alice";
        await using var env = await KubectlEnvironment.StartAsync(options: options);
        env.Store.ApplyYaml(RbacAuthorizationTests.Role("default", "reader",
            """{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}""")
            + RbacAuthorizationTests.Binding("default", "reader", "Role", "User", "alice"));
        var alice = env.Server.WriteKubeconfig(env.Directory, token: "alice-token");

        var canList = await env.RunAsAsync(alice, "auth", "can-i", "list", "configmaps");
        var canDelete = await env.RunAsAsync(alice, "auth", "can-i", "delete", "configmaps");
        var adminCanDelete = await env.RunAsync("auth", "can-i", "delete", "configmaps");
        (await env.RunAsAsync(alice, "get", "configmaps")).EnsureSuccess();
        var secrets = await env.RunAsAsync(alice, "get", "secrets");

        canList.ToString().Should().Be("exit 0; stdout: yes\n; stderr: ");
        canDelete.ExitCode.Should().Be(1, canDelete.ToString());
        canDelete.StdOut.Should().Be("no\n");
        adminCanDelete.StdOut.Should().Be("yes\n", "admin is in system:masters");
        secrets.ExitCode.Should().Be(1);
        secrets.StdErr.Should().Contain("Error from server (Forbidden): secrets is forbidden: User \"alice\" cannot list " +
            "resource \"secrets\" in API group \"\" in the namespace \"default\"");
    }
}
