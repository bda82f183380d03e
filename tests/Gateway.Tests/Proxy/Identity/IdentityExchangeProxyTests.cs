using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using static ClusterGateway.Gateway.Tests.Proxy.Identity.ImpersonationProxyTests;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>
/// ClientIdentityExchanger end to end: global rules from <c>--cluster-gateway-proxy-config</c>, cluster-b's own rules
/// from its Secret annotation, an external exchanger on loopback, and cluster-c (cluster-b's endpoint) whose annotation
/// is invalid. Requests ask for impersonation with <c>?impersonate=true</c>; the gate stays off.
/// </summary>
public sealed class IdentityExchangeProxyTests : IAsyncLifetime
{
    private const string Namespaces = "/api/v1/namespaces?impersonate=true";

    private readonly FrontProxyCaller _caller = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("cg-rules-").FullName;
    private ExchangeServer _exchange = null!;
    private HubEnvironment _env = null!;

    public async Task InitializeAsync()
    {
        _exchange = await ExchangeServer.StartAsync();
        var file = Path.Combine(_directory, "proxy-config.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: cluster.core.oam.dev/v1alpha1
            kind: ClusterGatewayProxyConfiguration
            spec:
              clientIdentityExchanger:
                rules:
                  - { name: sudo, type: PrivilegedIdentityExchanger, source: { group: sudoer } }
                  - name: static
                    type: StaticMappingIdentityExchanger
                    source: { user: carol }
                    target: { user: mapped-carol, groups: [viewers, "system:authenticated"], uid: "7" }
                  - { name: sso, type: ExternalIdentityExchanger, source: { user: erin }, url: "{{_exchange.Url}}exchange", cacheTTL: 1h }
                  - { name: sso-nocache, type: ExternalIdentityExchanger, source: { user: frank }, url: "{{_exchange.Url}}exchange", cacheTTL: "0" }
                  - { name: slow, type: ExternalIdentityExchanger, source: { user: gina }, url: "{{_exchange.Url}}hang", timeout: 300ms }
            """);
        _env = await HubEnvironment.StartAsync(env =>
        [
            env.X509Secret("cluster-a"),
            Annotated(env.TokenSecret("cluster-b", HubEnvironment.ClusterBToken), """
                spec:
                  clientIdentityExchanger:
                    rules:
                      - { name: b-static, type: StaticMappingIdentityExchanger, source: { user: carol }, target: { user: carol-on-b } }
                """),
            Annotated(env.TokenSecret("cluster-c", HubEnvironment.ClusterBToken), """
                {"spec": {"clientIdentityExchanger": {"rules": [
                  {"name": "fine", "type": "PrivilegedIdentityExchanger", "source": {}},
                  {"name": "broken", "type": "StaticMappingIdentityExchanger", "source": {}}]}}}
                """),
            _caller.ConfigMap,
        ], configureGateway: options => options with { ClusterGatewayProxyConfig = file });
    }

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        await _exchange.DisposeAsync();
        _caller.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task Privileged_CallerInSudoerGroup_RunsAsClusterCredential()
    {
        var seen = await ProxyAsync("cluster-b", "dave", "sudoer");

        Impersonation(seen).Should().BeEmpty();
        seen.User.Should().Be("cluster-b-admin");
    }

    [Fact(Timeout = 60_000)]
    public async Task StaticMapping_ClusterRuleBeatsGlobalRule_GlobalElsewhere()
    {
        var onB = await ProxyAsync("cluster-b", "carol");
        var onA = await ProxyAsync("cluster-a", "carol");

        Impersonation(onB).Should().BeEquivalentTo(new Dictionary<string, string[]> { ["impersonate-user"] = ["carol-on-b"] });
        Impersonation(onA).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["impersonate-user"] = ["mapped-carol"], ["impersonate-uid"] = ["7"], ["impersonate-group"] = ["viewers"],
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task External_AnswerIsImpersonated_CachedForItsTtl()
    {
        var first = await ProxyAsync("cluster-b", "erin", "dev");
        var second = await ProxyAsync("cluster-b", "erin", "dev");
        await ProxyAsync("cluster-b", "frank");
        await ProxyAsync("cluster-b", "frank");

        foreach (var seen in new[] { first, second })
        {
            Impersonation(seen).Should().BeEquivalentTo(new Dictionary<string, string[]>
            {
                ["impersonate-user"] = ["mapped-erin"], ["impersonate-group"] = ["mapped"],
            });
        }

        var bodies = _exchange.Bodies.ToList();
        bodies.Count(b => (string?)b["user"]!["username"] == "erin").Should().Be(1, "cacheTTL: 1h");
        bodies.Count(b => (string?)b["user"]!["username"] == "frank").Should().Be(2, "cacheTTL: 0");
        var erin = bodies.First(b => (string?)b["user"]!["username"] == "erin");
        ((string?)erin["cluster"]).Should().Be("cluster-b");
        ((string?)erin["rule"]).Should().Be("sso");
        erin["user"]!["groups"]!.AsArray().Select(g => (string?)g).Should().Equal("dev", "system:authenticated");
    }

    [Fact(Timeout = 60_000)]
    public async Task External_ServiceTimesOut_503NamingClusterAndRule_NotForwarded()
    {
        using var client = _caller.Client(_env);
        using var request = FrontProxyCaller.Request(HttpMethod.Get, "cluster-b", Namespaces, "gina");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        await _exchange.Hanging.WaitAsync(TestTimeouts.Short, "the exchange call");
        var status = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)status["reason"]).Should().Be("ServiceUnavailable");
        ((string?)status["message"]).Should().Be(
            "identity exchange for clustergateways.cluster.core.oam.dev \"cluster-b\" failed: rule \"slow\" " +
            $"(ExternalIdentityExchanger, global rules): POST {_exchange.Url}hang timed out after 300ms");
        _env.ClusterB.Requests.Snapshot().Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task InvalidAnnotation_ThatClusterAnswers503NamingRule_OtherClustersWork()
    {
        using var client = _caller.Client(_env);
        using var broken = FrontProxyCaller.Request(HttpMethod.Get, "cluster-c", Namespaces, "carol");

        using var response = await client.SendAsync(broken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var message = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["message"];
        message.Should().Be("clustergateways.cluster.core.oam.dev \"cluster-c\" is not usable: annotation " +
            "cluster.core.oam.dev/cluster-gateway-proxy-configuration is invalid: rule \"broken\" " +
            "(spec.clientIdentityExchanger.rules[1]): target: is required for StaticMappingIdentityExchanger");
        _env.ClusterB.Requests.Snapshot().Should().BeEmpty();
        var logged = await _env.Logs.WaitForAsync(l => l.Contains("Cluster cluster-c: annotation", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the warning about cluster-c's annotation");
        logged.Should().Contain("rule \"broken\"");

        (await ProxyAsync("cluster-b", "carol")).Header("Impersonate-User").Should().Be("carol-on-b");
        using var plain = await client.SendAsync(
            FrontProxyCaller.Request(HttpMethod.Get, "cluster-c", "/api/v1/namespaces", "carol"));
        plain.StatusCode.Should().Be(HttpStatusCode.OK, "rules only matter when impersonating");
    }

    private async Task<RecordedRequest> ProxyAsync(string cluster, string user, string? group = null)
    {
        var target = cluster == "cluster-a" ? _env.ClusterA : _env.ClusterB;
        var before = target.Requests.Count;
        using var client = _caller.Client(_env);
        using var request = FrontProxyCaller.Request(HttpMethod.Get, cluster, Namespaces, user, group);
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return target.Requests.Snapshot()[before];
    }

    private static JsonObject Annotated(JsonObject secret, string rules)
    {
        secret["metadata"]!["annotations"] = new JsonObject
        {
            ["cluster.core.oam.dev/cluster-gateway-proxy-configuration"] = rules,
        };
        return secret;
    }
}
