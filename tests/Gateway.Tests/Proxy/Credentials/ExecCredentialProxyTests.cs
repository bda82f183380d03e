using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Credentials;

/// <summary>Dynamic clusters: the exec plugin's credential reaches the cluster; runs are cached and shared.</summary>
public sealed class ExecCredentialProxyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FarFuture = new(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() =>
        _env = await HubEnvironment.StartAsync(env => [env.TokenSecret("cluster-b", HubEnvironment.ClusterBToken)]);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task Proxy_TokenPlugin_RunsOnceFor100ConcurrentRequests()
    {
        var plugin = PluginScript.Create(_env.Directory, "token")
            .Prints(PluginScript.Token(HubEnvironment.ClusterBToken, FarFuture));
        await _env.PutClusterAsync(Dynamic("dyn-token", _env.ClusterB, plugin.ExecConfig(provideClusterInfo: true)));
        using var client = _env.CreateGatewayClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100)
                .Select(_ => client.GetAsync(ProxyTraffic.Path("dyn-token", "/api/v1/namespaces"))))
            .WaitAsync(TestTimeouts.Long, "100 proxied requests");

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        plugin.Runs.Should().Be(1);
        _env.ClusterB.Requests.Snapshot().Should().HaveCount(100)
            .And.OnlyContain(r => r.User == "cluster-b-admin");
        var info = plugin.LastExecInfo!;
        ((string?)info["kind"]).Should().Be("ExecCredential");
        ((string?)info["apiVersion"]).Should().Be(PluginScript.V1);
        ((bool?)info["spec"]!["interactive"]).Should().BeFalse();
        ((string?)info["spec"]!["cluster"]!["server"]).Should().Be(_env.ClusterB.Url.ToString());
        Convert.FromBase64String((string)info["spec"]!["cluster"]!["certificate-authority-data"]!)
            .Should().Equal(System.Text.Encoding.UTF8.GetBytes(_env.ClusterB.CaPem));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ExpiredCredential_RunsThePluginForEveryRequest()
    {
        var plugin = PluginScript.Create(_env.Directory, "expired")
            .Prints(PluginScript.Token(HubEnvironment.ClusterBToken, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await _env.PutClusterAsync(Dynamic("dyn-expired", _env.ClusterB, plugin.ExecConfig()));
        using var client = _env.CreateGatewayClient();

        for (var i = 1; i <= 3; i++)
        {
            using var response = await client.GetAsync(ProxyTraffic.Path("dyn-expired", "/api/v1/namespaces"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            plugin.Runs.Should().Be(i);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_CertificatePlugin_AuthenticatesToTheMtlsCluster()
    {
        var (certificate, key) = TestCertificateAuthority.ExportPem(_env.ClusterAClientCertificate);
        var plugin = PluginScript.Create(_env.Directory, "cert").Prints(PluginScript.Certificate(certificate, key, FarFuture));
        await _env.PutClusterAsync(Dynamic("dyn-cert", _env.ClusterA, plugin.ExecConfig()));
        using var client = _env.CreateGatewayClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(ProxyTraffic.Path("dyn-cert", "/api/v1/namespaces"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        plugin.Runs.Should().Be(1);
        _env.ClusterA.Requests.Snapshot().Should().HaveCount(3).And.OnlyContain(r => r.User == "cluster-gateway");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ClusterAnswers401_TheNextRequestRunsThePluginAgain()
    {
        var plugin = PluginScript.Create(_env.Directory, "rotated")
            .Prints(PluginScript.Token("revoked-token"), run: 1)
            .Prints(PluginScript.Token(HubEnvironment.ClusterBToken));
        await _env.PutClusterAsync(Dynamic("dyn-rotated", _env.ClusterB, plugin.ExecConfig()));
        using var client = _env.CreateGatewayClient();

        using (var rejected = await client.GetAsync(ProxyTraffic.Path("dyn-rotated", "/api/v1/namespaces")))
        {
            rejected.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the cluster's 401 is relayed");
        }

        using var accepted = await client.GetAsync(ProxyTraffic.Path("dyn-rotated", "/api/v1/namespaces"));
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        plugin.Runs.Should().Be(2);
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ExecConfigChanges_RunsTheNewPluginAtOnce()
    {
        var plugin = PluginScript.Create(_env.Directory, "changed").Prints(PluginScript.Token(HubEnvironment.ClusterBToken, FarFuture));
        await _env.PutClusterAsync(Dynamic("dyn-changed", _env.ClusterB, plugin.ExecConfig(args: "first")));
        using var client = _env.CreateGatewayClient();
        using (var first = await client.GetAsync(ProxyTraffic.Path("dyn-changed", "/version")))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await _env.PutClusterAsync(Dynamic("dyn-changed", _env.ClusterB, plugin.ExecConfig(args: "second")));
        using var second = await client.GetAsync(ProxyTraffic.Path("dyn-changed", "/version"));

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        plugin.Runs.Should().Be(2, "the cache is keyed by the exec config too, not only by the cluster name");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("exit-code", "exit 3", "exec: executable {0} failed with exit code 3")]
    [InlineData("version", "", "exec plugin is configured to use API version client.authentication.k8s.io/v1, " +
        "plugin returned version client.authentication.k8s.io/v1beta1")]
    [InlineData("no-status", "", "exec plugin didn't return a status field")]
    public async Task Proxy_PluginFails_Answers503NamingTheClusterWhileOthersWork(string name, string tail, string reason)
    {
        var plugin = PluginScript.Create(_env.Directory, name, tail);
        plugin.Prints(name switch
        {
            "version" => PluginScript.Token("t", apiVersion: PluginScript.V1Beta1),
            "no-status" => new JsonObject { ["apiVersion"] = PluginScript.V1, ["kind"] = "ExecCredential" },
            _ => PluginScript.Token("t"),
        });
        await _env.PutClusterAsync(Dynamic("dyn-" + name, _env.ClusterB, plugin.ExecConfig()));
        using var client = _env.CreateGatewayClient();

        using var failed = await client.GetAsync(ProxyTraffic.Path("dyn-" + name, "/api/v1/namespaces"));
        using var other = await client.GetAsync(ProxyTraffic.Path("cluster-b", "/api/v1/namespaces"));

        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var status = JsonNode.Parse(await failed.Content.ReadAsStringAsync())!;
        ((string?)status["reason"]).Should().Be("ServiceUnavailable");
        ((string?)status["message"]).Should().Be(
            $"cluster dyn-{name}: exec credential plugin \"{plugin.Command}\" failed: {string.Format(System.Globalization.CultureInfo.InvariantCulture, reason, plugin.Command)}");
        other.StatusCode.Should().Be(HttpStatusCode.OK);
        _env.ClusterB.Requests.Snapshot().Should().ContainSingle("only cluster-b's request reached the server");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_PluginNotFound_Answers503WithTheInstallHint()
    {
        var exec = new JsonObject
        {
            ["apiVersion"] = PluginScript.V1, ["command"] = "/nonexistent/kubectl-login",
            ["installHint"] = "install kubectl-login from example.com",
        }.ToJsonString();
        await _env.PutClusterAsync(Dynamic("dyn-missing", _env.ClusterB, exec));
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("dyn-missing", "/version"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ProxyTraffic.StatusMessageAsync(response)).Should().Be("cluster dyn-missing: exec credential plugin " +
            "\"/nonexistent/kubectl-login\" failed: exec: executable /nonexistent/kubectl-login not found\n\n" +
            "install kubectl-login from example.com");
    }

    internal static JsonObject Dynamic(string name, FakeApiServer cluster, string exec) =>
        HubEnvironment.Secret(name, "Dynamic", new()
        {
            ["endpoint"] = cluster.Url.ToString(), ["ca.crt"] = cluster.CaPem, ["exec"] = exec,
        });
}
