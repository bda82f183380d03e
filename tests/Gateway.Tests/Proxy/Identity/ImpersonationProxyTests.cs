using System.Net;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>
/// Impersonation end to end: a caller behind the front proxy, the gateway in hub mode, and what the managed cluster
/// (cluster-b, bearer token) receives.
/// </summary>
public sealed class ImpersonationProxyTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private readonly FrontProxyCaller _caller = new();
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() =>
        _env = await HubEnvironment.StartAsync(env => [.. env.DefaultSecrets(), _caller.ConfigMap]);

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        _caller.Dispose();
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ImpersonateTrue_ClusterSeesCallerIdentityAndNeverClientImpersonateHeaders()
    {
        using var client = _caller.Client(_env);
        using var request = FrontProxyCaller.Request(HttpMethod.Get, "cluster-b", ConfigMaps + "?impersonate=true&limit=5",
            "alice", "dev", "uid-1", ("Scopes", "s1"), ("Acme.com%2Fteam", "blue"));
        request.Headers.Add("Impersonate-User", "mallory");
        request.Headers.Add("Impersonate-Group", "system:masters");
        request.Headers.Add("Impersonate-Extra-Evil", "x");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var seen = _env.ClusterB.Requests.Snapshot().Should().ContainSingle().Subject;
        seen.PathAndQuery.Should().Be(ConfigMaps + "?limit=5", "impersonate is the gateway's parameter");
        seen.User.Should().Be("cluster-b-admin", "the cluster credential authenticates");
        Impersonation(seen).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["impersonate-user"] = ["alice"],
            ["impersonate-uid"] = ["uid-1"],
            ["impersonate-group"] = ["dev"],
            ["impersonate-extra-scopes"] = ["s1"],
            ["impersonate-extra-acme.com%2fteam"] = ["blue"],
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_WithoutImpersonate_NoImpersonationHeadersAtAll()
    {
        using var client = _caller.Client(_env);
        using var request = FrontProxyCaller.Request(HttpMethod.Get, "cluster-b", ConfigMaps + "?impersonate=false",
            "alice", "dev");
        request.Headers.Add("Impersonate-User", "mallory");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var seen = _env.ClusterB.Requests.Snapshot().Should().ContainSingle().Subject;
        Impersonation(seen).Should().BeEmpty();
        seen.PathAndQuery.Should().Be(ConfigMaps);
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_CallerWithTwoGroups_OneImpersonateGroupFieldPerGroup()
    {
        using var carol = _caller.ClientCa.IssueClientCertificate("carol", "team-a", "team-b");
        using var client = _env.CreateGatewayClient(withToken: false, clientCertificate: carol);

        using var response = await client.GetAsync(
            $"/apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-b/proxy{ConfigMaps}?impersonate=true");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var seen = _env.ClusterB.Requests.Snapshot().Should().ContainSingle().Subject;
        // One header line per group, as kube-apiserver reads them (HttpClient alone would send "team-a, team-b").
        seen.Headers["impersonate-group"].Should().Equal("team-a", "team-b");
        seen.Headers.Keys.Should().NotContain(k => k.StartsWith("x-cluster-gateway-lines-", StringComparison.Ordinal));
    }

    internal static Dictionary<string, string[]> Impersonation(RecordedRequest request) =>
        request.Headers.Where(h => h.Key.StartsWith("impersonate-", StringComparison.Ordinal))
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
}
