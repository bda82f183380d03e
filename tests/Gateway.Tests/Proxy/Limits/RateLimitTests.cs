using System.Net;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Limits;

/// <summary><c>--proxy-qps-per-cluster</c> / <c>--proxy-burst-per-cluster</c>.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(
        configureGateway: o => o with { ProxyQpsPerCluster = 1, ProxyBurstPerCluster = 3 });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Proxy_MoreThanTheBurstAtOnce_RefusesTheExcessWith429()
    {
        using var client = _env.CreateGatewayClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
                .Select(_ => client.GetAsync(ProxyTraffic.Path("cluster-b", "/api/v1/namespaces"))))
            .WaitAsync(TestTimeouts.Default, "the burst");
        using var otherCluster = await client.GetAsync(ProxyTraffic.Path("cluster-a", "/api/v1/namespaces"));

        // A slow machine may take more than a second for the burst, earning a token or two.
        var admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        admitted.Should().BeInRange(3, 5);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.Should().HaveCount(8 - admitted);
        refused[0].Headers.RetryAfter!.Delta.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        (await ProxyTraffic.StatusMessageAsync(refused[0])).Should().Be("too many requests to cluster cluster-b: more than " +
            "1 requests per second with a burst of 3 (--proxy-qps-per-cluster, --proxy-burst-per-cluster), please try again later");
        otherCluster.StatusCode.Should().Be(HttpStatusCode.OK, "each cluster has its own bucket");
        _env.ClusterB.Requests.Snapshot().Should().HaveCount(admitted);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
