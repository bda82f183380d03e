using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Observability;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Limits;

/// <summary><c>--proxy-max-requests-in-flight-per-cluster</c> with long-running watches holding the slots.</summary>
public sealed class ConcurrencyLimitTests : IAsyncLifetime
{
    private const string Watch = "/api/v1/namespaces/default/configmaps?watch=true";
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(
        configureGateway: o => o with { ProxyMaxInflightPerCluster = 2 });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Proxy_SlotsHeldByWatches_RefusesTheExcessWith429UntilOneEnds()
    {
        using var probe = new ProxyMeterProbe(_env.Gateway);
        using var client = _env.CreateGatewayClient();
        // Idle watches: the gateway sends their response headers at once, before any event.
        var first = await OpenWatch(client).WaitAsync(TestTimeouts.Short, "the first watch's headers");
        using var second = await OpenWatch(client).WaitAsync(TestTimeouts.Short, "the second watch's headers");

        using (var refused = await client.GetAsync(ProxyTraffic.Path("cluster-b", "/api/v1/namespaces")))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
            var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            ((string?)status["reason"]).Should().Be("TooManyRequests");
            ((int?)status["details"]!["retryAfterSeconds"]).Should().Be(1);
            ((string?)status["message"]).Should().Be("too many requests to cluster cluster-b: more than 2 requests " +
                "in flight (--proxy-max-requests-in-flight-per-cluster), please try again later");
        }

        using (var otherCluster = await client.GetAsync(ProxyTraffic.Path("cluster-a", "/api/v1/namespaces")))
        {
            otherCluster.StatusCode.Should().Be(HttpStatusCode.OK, "the limit is per cluster");
        }

        first.Dispose();
        await probe.WaitForAsync(p => p.InFlight("cluster-b") == 1, "the closed watch to free its slot");

        using var admitted = await client.GetAsync(ProxyTraffic.Path("cluster-b", "/api/v1/namespaces"));
        admitted.StatusCode.Should().Be(HttpStatusCode.OK);
        // The admitted request's slot is returned just after its response; the second watch keeps its own.
        await probe.WaitForAsync(p => p.InFlight("cluster-b") == 1, "the admitted request to return its slot");
    }

    private static Task<HttpResponseMessage> OpenWatch(HttpClient client) =>
        client.GetAsync(ProxyTraffic.Path("cluster-b", Watch), HttpCompletionOption.ResponseHeadersRead);
}
