using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>Which credential arrives and how kubectl reports 401/403.</summary>
public sealed class KubectlAuthenticationTests
{
    [Fact(Timeout = 60_000)]
    public async Task Without_credentials_requests_get_a_401_status()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        using var client = env.Server.CreateClient();

        using var response = await client.GetAsync("/api/v1/namespaces/default/configmaps");

        ((int)response.StatusCode).Should().Be(401);
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        status["kind"]!.GetValue<string>().Should().Be("Status");
        status["reason"]!.GetValue<string>().Should().Be("Unauthorized");
        status["message"]!.GetValue<string>().Should().Be("Unauthorized");
        env.Server.Requests.Snapshot().Should().ContainSingle().Which.User.Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task Kubectl_without_credentials_prompts_like_against_a_real_server()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        var anonymous = env.Server.WriteKubeconfig(env.Directory);

        var result = await env.RunAsAsync(anonymous, "get", "configmaps");

        // An empty user makes kubectl ask for basic-auth credentials after the 401; stdin is closed.
        result.ExitCode.Should().Be(1);
        result.StdOut.Should().Contain("Please enter Username");
        env.Server.Requests.Snapshot().Should().OnlyContain(r => r.User == null);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bad_token_gets_401_and_a_good_one_is_recorded()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        var bad = env.Server.WriteKubeconfig(env.Directory, token: "wrong");
        var rejected = await env.RunAsAsync(bad, "get", "configmaps");
        rejected.ExitCode.Should().Be(1);
        rejected.StdErr.Should().Contain("error: You must be logged in to the server");

        env.Server.Requests.Clear();
        (await env.RunAsync("get", "configmaps")).EnsureSuccess();

        var requests = env.Server.Requests.Snapshot();
        requests.Should().NotBeEmpty().And.OnlyContain(r => r.User == "admin");
        requests.Should().OnlyContain(r => r.Header("Authorization") == "Bearer " + KubectlEnvironment.AdminToken);
        requests.Should().Contain(r => r.Path == "/api/v1/namespaces/default/configmaps");
        requests.Should().OnlyContain(r => r.Protocol == "HTTP/2", "kubectl negotiates h2 over TLS");
    }

    [Fact(Timeout = 60_000)]
    public async Task Client_certificate_identifies_user_and_groups()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        using var certificate = env.Server.Ca.IssueClientCertificate("alice", "devs", "ops");
        var kubeconfig = env.Server.WriteKubeconfig(env.Directory, clientCertificate: certificate);

        (await env.RunAsAsync(kubeconfig, "create", "configmap", "by-alice")).EnsureSuccess();

        var create = env.Server.Requests.Snapshot().Single(r => r.Method == "POST");
        create.User.Should().Be("alice");
        create.Groups.Should().Contain(["devs", "ops", "system:authenticated"]);
        create.Header("Authorization").Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task Mandatory_mtls_rejects_token_only_clients_at_the_handshake()
    {
        await using var env = await KubectlEnvironment.StartAsync(options: new FakeApiServerOptions
        {
            RequireClientCertificate = true,
        });
        using var certificate = env.Server.Ca.IssueClientCertificate("bob");
        var withCertificate = env.Server.WriteKubeconfig(env.Directory, clientCertificate: certificate);

        (await env.RunAsAsync(withCertificate, "get", "configmaps")).EnsureSuccess();
        env.Server.Requests.Snapshot().Should().NotBeEmpty().And.OnlyContain(r => r.User == "bob");

        // Without a certificate the TLS handshake fails (kubectl would keep retrying the EOF).
        using var tokenOnly = env.Server.CreateClient(token: KubectlEnvironment.AdminToken);
        var call = () => tokenOnly.GetAsync("/api");
        await call.Should().ThrowAsync<HttpRequestException>();
        using var otherCa = TestCertificateAuthority.Create("other");
        using var foreign = env.Server.CreateClient(clientCertificate: otherCa.IssueClientCertificate("mallory"));
        var foreignCall = () => foreign.GetAsync("/api");
        await foreignCall.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact(Timeout = 60_000)]
    public async Task Authorization_policy_denials_are_403_with_rbac_wording()
    {
        await using var env = await KubectlEnvironment.StartAsync(options: new FakeApiServerOptions
        {
            Authorize = r => r.User.Name == "admin" || !r.IsResourceRequest || r.Resource != "secrets",
        });
        env.Server.Options.Tokens["viewer-token"] = "viewer";
        var viewer = env.Server.WriteKubeconfig(env.Directory, token: "viewer-token");

        (await env.RunAsAsync(viewer, "get", "configmaps")).EnsureSuccess();
        var denied = await env.RunAsAsync(viewer, "get", "secrets");

        denied.ExitCode.Should().Be(1);
        denied.StdErr.Should().Contain("Error from server (Forbidden): secrets is forbidden: User \"viewer\" " +
            "cannot list resource \"secrets\" in API group \"\" in the namespace \"default\"");
    }
}
