using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Selector = ClusterGateway.Gateway.Apiserver.Selectors.LabelSelector;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// <see cref="FanOutMembership"/> follows the registry: clusters joining or leaving the selector join or leave, and
/// each is authorized for the caller (what a fan-out watch relies on).
/// </summary>
public sealed class FanOutMembershipTests : IAsyncLifetime
{
    private FanOutEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await FanOutEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task ClustersJoinAndLeave_PerSelectorAndAuthorization()
    {
        using var adminRequest = Request(KubeUser.Local);
        using var aliceRequest = Request(new KubeUser("alice", null, [], new Dictionary<string, IReadOnlyList<string>>()));
        var prod = Selector.Parse("env=prod", out _)!;
        using var admin = await FanOutMembership.CreateAsync(adminRequest, prod, CancellationToken.None);
        using var alice = await FanOutMembership.CreateAsync(aliceRequest, Selector.Everything, CancellationToken.None);
        Names(admin).Should().Equal("c1", "c2");
        Names(alice).Should().Equal(["c1", "c2"], "c3 is not allowed for alice");

        // c4 joins env=prod (served by c3's server); c1 leaves it.
        var adminChanged = admin.WaitForChangeAsync(CancellationToken.None);
        _env.Hub.Store.Put(FanOutEnvironment.Secret("c4", _env.Clusters["c3"], "prod", token: "c3-token"));
        _env.Hub.Store.Put(FanOutEnvironment.Secret("c1", _env.Clusters["c1"], "dev"));
        await _env.Gateway.Registry.WaitForAsync(
            r => r.Snapshot.ContainsKey("c4") && r.Snapshot["c1"].Gateway!.Metadata.Labels!["env"] == "dev", "c4 and c1's new label");
        await adminChanged.WaitAsync(TestTimeouts.Default);
        while (!Names(admin).SequenceEqual(["c2", "c4"]))
        {
            await admin.WaitForChangeAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }

        await alice.WaitForChangeAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default);
        Names(alice).Should().Equal(["c1", "c2"], "c4 is not allowed for alice either");

        // A member sends to its cluster through the proxy filters.
        using var reply = await admin.Current.Single(m => m.Cluster == "c4").SendAsync("?limit=1", CancellationToken.None);
        reply.Response!.IsSuccessStatusCode.Should().BeTrue(reply.Failure?.Message ?? reply.Response.StatusCode.ToString());
        _env.Clusters["c3"].Requests.Snapshot().Should().Contain(r => r.PathAndQuery == "/api/v1/configmaps?limit=1");
    }

    private static string[] Names(FanOutMembership membership) => [.. membership.Current.Select(m => m.Cluster)];

    private FanOutRequest Request(KubeUser user)
    {
        var services = _env.Gateway.Services;
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/*/proxy/api/v1/configmaps";
        context.Request.Headers.Accept = "application/json";
        context.SetKubeUser(user);
        var fanOut = new FanOutServices(new ProxyFilterPipeline(services.GetServices<IProxyFilter>()),
            services.GetRequiredService<IClusterRegistry>(), services.GetRequiredService<ClusterTransportCache>(),
            services.GetRequiredService<AuthorizationMiddleware>(), services.GetRequiredService<ProxyMetrics>(),
            services.GetRequiredService<GatewayOptions>(), NullLogger.Instance, Tracing: false);
        return new FanOutRequest(context, "/api/v1/configmaps", fanOut, InnerRequest.Parse("GET", new ProxyPath("*", "/api/v1/configmaps", "")));
    }
}
