using System.Net;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Tests.Support;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary><c>--feature-gates=ClientIdentityPenetration=true</c> with <c>--proxy-impersonate-extras=false</c>.</summary>
public sealed class ImpersonationGateTests : IAsyncLifetime
{
    private readonly FrontProxyCaller _caller = new();
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(
        env => [.. env.DefaultSecrets(), _caller.ConfigMap],
        configureGateway: options => options with
        {
            Features = FeatureGates.Parse("ClientIdentityPenetration=true"),
            ProxyImpersonateExtras = false,
        });

    public async Task DisposeAsync()
    {
        await _env.DisposeAsync();
        _caller.Dispose();
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_GateOnWithoutQuery_ImpersonatesCallerWithoutExtras()
    {
        using var client = _caller.Client(_env);
        using var request = FrontProxyCaller.Request(HttpMethod.Get, "cluster-a", "/api/v1/namespaces", "alice", "dev",
            "uid-1", ("Scopes", "s1"));

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var seen = _env.ClusterA.Requests.Snapshot().Should().ContainSingle().Subject;
        ImpersonationProxyTests.Impersonation(seen).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["impersonate-user"] = ["alice"], ["impersonate-uid"] = ["uid-1"], ["impersonate-group"] = ["dev"],
        });
    }
}
