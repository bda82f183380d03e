using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// Issue 2 acceptance, hub mode: a fake hub holds the cluster Secrets, two fake managed clusters require mTLS and a
/// token respectively, and the real kubectl is the client.
/// </summary>
public sealed class HubModeTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task GetClusterGateways_HubSecrets_PrintsValidClustersAsTableAndReportsMalformed()
    {
        var result = await Kubectl.RunAsync(_env.Kubeconfig, ["get", "clustergateways"], timeout: TestTimeouts.Default);

        result.ExitCode.Should().Be(0, result.StdErr);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should()
            .Equal("NAME", "PROVIDER", "CREDENTIAL-TYPE", "ENDPOINT-TYPE", "HEALTHY");
        lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Should().BeEquivalentTo(
            new[] { ["cluster-a", "X509Certificate", "Const", "false"], new[] { "cluster-b", "ServiceAccountToken", "Const", "false" } },
            o => o.WithStrictOrdering());
        var report = await _env.Logs.WaitForAsync(l => l.Contains("broken", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "a log line about the malformed Secret");
        report.Should().Contain($"Secret {HubEnvironment.SecretNamespace}/broken").And.Contain("tls.key");
    }

    [Theory(Timeout = 120_000)]
    [InlineData("cluster-a")]
    [InlineData("cluster-b")]
    public async Task ProxyCrud_Kubectl_ReachesOnlyThatClusterWithItsOwnCredential(string cluster)
    {
        var target = cluster == "cluster-a" ? _env.ClusterA : _env.ClusterB;
        var other = cluster == "cluster-a" ? _env.ClusterB : _env.ClusterA;
        var manifest = Path.Combine(_env.Directory, $"{cluster}-cm.yaml");

        (await Run("create", "configmap", "cm1", "--from-literal=a=1", "-n", "default")).Should().Contain("created");
        target.Store.Get(FakeResource.ConfigMaps, "default", "cm1").Should().NotBeNull();
        other.Store.Get(FakeResource.ConfigMaps, "default", "cm1").Should().BeNull();

        var json = JsonNode.Parse(await Run("get", "configmap", "cm1", "-n", "default", "-o", "json"))!;
        ((string?)json["data"]!["a"]).Should().Be("1");
        (await Run("get", "configmaps", "-n", "default")).Should().Contain("cm1");

        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm1
              namespace: default
            data:
              a: "2"
            """);
        (await Run("apply", "-f", manifest)).Should().Contain("configured");
        (await Run("label", "configmap", "cm1", "-n", "default", "tier=gold")).Should().Contain("labeled");
        (await Run("replace", "-f", manifest)).Should().Contain("replaced");
        var stored = target.Store.Get(FakeResource.ConfigMaps, "default", "cm1")!;
        ((string?)stored["data"]!["a"]).Should().Be("2");

        (await Run("delete", "configmap", "cm1", "-n", "default")).Should().Contain("deleted");
        target.Store.Get(FakeResource.ConfigMaps, "default", "cm1").Should().BeNull();

        var seen = target.Requests.Snapshot();
        seen.Should().NotBeEmpty();
        foreach (var request in seen)
        {
            if (cluster == "cluster-a")
            {
                request.User.Should().Be("cluster-gateway", request.ToString());
                request.Header("Authorization").Should().BeNull(request.ToString());
            }
            else
            {
                request.Header("Authorization").Should().Be("Bearer " + HubEnvironment.ClusterBToken, request.ToString());
            }
        }

        other.Requests.Snapshot().Should().BeEmpty("no request for {0} may reach another cluster", cluster);

        async Task<string> Run(params string[] args)
        {
            var result = await _env.KubectlViaProxyAsync(cluster, args);
            result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)} failed: {result.StdErr}");
            return result.StdOut;
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ApplyDryRunServer_ThroughProxy_SendsDryRunAllAndCreatesNothing()
    {
        var manifest = Path.Combine(_env.Directory, "dry-run.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: dry
              namespace: default
            data:
              a: "1"
            """);

        var result = await _env.KubectlViaProxyAsync("cluster-b", "apply", "--dry-run=server", "-f", manifest);

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Contain("created (server dry run)");
        _env.ClusterB.Requests.Snapshot().Should().Contain(r =>
            r.Method == "POST" && r.PathAndQuery.Contains("dryRun=All", StringComparison.Ordinal));
        _env.ClusterB.Store.Get(FakeResource.ConfigMaps, "default", "dry").Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task WatchThroughProxy_ObjectCreatedAfterStart_DeliversEvent()
    {
        await using var watch = Kubectl.Start(_env.Kubeconfig,
            ["--server", _env.ProxyServer("cluster-b"), "get", "configmaps", "-n", "default", "-w"]);
        await _env.ClusterB.Requests.WaitForAsync(
            r => r.PathAndQuery.Contains("watch=", StringComparison.Ordinal), TestTimeouts.Default);

        _env.ClusterB.Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "late", ["namespace"] = "default" },
        });

        var line = await watch.WaitForLineAsync(l => l.StartsWith("late", StringComparison.Ordinal), TestTimeouts.Default);
        line.Should().StartWith("late");
    }

    [Fact(Timeout = 60_000)]
    public async Task RotatedSecretToken_TakesEffectWithinTwoSeconds_OldTokenNeverSentAgain()
    {
        const string NewToken = "cluster-b-token-rotated";
        _env.ClusterB.Options.Tokens[NewToken] = "cluster-b-admin";
        using var client = _env.CreateGatewayClient();
        var versionPath = "apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-b/proxy/version";
        (await client.GetAsync(versionPath)).StatusCode.Should().Be(HttpStatusCode.OK);

        _env.Hub.Store.Put(_env.TokenSecret("cluster-b", NewToken));
        var rotated = DateTimeOffset.UtcNow;

        // Ask until the cluster sees the new token; the deadline is the acceptance bound.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            _env.ClusterB.Requests.Clear();
            (await client.GetAsync(versionPath, deadline.Token)).EnsureSuccessStatusCode();
            if (_env.ClusterB.Requests.Snapshot().Single().Header("Authorization") == "Bearer " + NewToken)
            {
                break;
            }
        }

        _env.ClusterB.Requests.Clear();
        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync(versionPath)).EnsureSuccessStatusCode();
        }

        _env.ClusterB.Requests.Snapshot().Should().HaveCount(20)
            .And.OnlyContain(r => r.Header("Authorization") == "Bearer " + NewToken);
        (DateTimeOffset.UtcNow - rotated).Should().BePositive();
    }

    [Fact(Timeout = 60_000)]
    public async Task HundredProxiedRequests_MakeNoHubRequests()
    {
        using var client = _env.CreateGatewayClient();
        var before = _env.Hub.Requests.Count;

        for (var i = 0; i < 100; i++)
        {
            var cluster = i % 2 == 0 ? "cluster-a" : "cluster-b";
            using var response = await client.GetAsync(
                $"apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy/api/v1/namespaces/default/configmaps");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (_env.ClusterA.Requests.Count + _env.ClusterB.Requests.Count).Should().Be(100);
        _env.Hub.Requests.Count.Should().Be(before, "the proxy path reads only the in-memory registry");
    }

    [Fact(Timeout = 60_000)]
    public async Task ProxyRequest_CallerIdentityHeaders_AreNotForwarded()
    {
        using var client = _env.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-b/proxy/api/v1/namespaces?limit=1&x=a%2Fb");
        request.Headers.Add("Impersonate-User", "someone-else");
        request.Headers.Add("X-Remote-User", "someone-else");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var seen = _env.ClusterB.Requests.Snapshot().Single();
        seen.PathAndQuery.Should().Be("/api/v1/namespaces?limit=1&x=a%2Fb");
        seen.Header("Authorization").Should().Be("Bearer " + HubEnvironment.ClusterBToken);
        seen.Header("Impersonate-User").Should().BeNull();
        seen.Header("X-Remote-User").Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task UnknownAndMalformedClusters_AnswerWithStatus()
    {
        var unknown = await Kubectl.RunAsync(_env.Kubeconfig,
            ["get", "--raw", "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/nope/proxy/version"],
            timeout: TestTimeouts.Default);
        unknown.ExitCode.Should().NotBe(0);
        unknown.StdErr.Should().Contain("NotFound").And.Contain("clustergateways.cluster.core.oam.dev \"nope\" not found");

        var broken = await Kubectl.RunAsync(_env.Kubeconfig,
            ["get", "--raw", "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/broken/proxy/version"],
            timeout: TestTimeouts.Default);
        broken.ExitCode.Should().NotBe(0);
        broken.StdErr.Should().Contain("ServiceUnavailable").And.Contain("tls.key");
    }

    [Fact(Timeout = 60_000)]
    public async Task RequestWithoutToken_Gets401Status()
    {
        using var client = _env.CreateGatewayClient(withToken: false);

        using var response = await client.GetAsync("apis/cluster.core.oam.dev/v1alpha1/clustergateways");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["kind"]).Should().Be("Status");
        ((string?)status["reason"]).Should().Be("Unauthorized");
    }
}
