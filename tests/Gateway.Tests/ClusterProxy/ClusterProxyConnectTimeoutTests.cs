using System.Diagnostics;
using System.Net;
using ClusterGateway.Gateway.Tests.Proxy.Connections;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>
/// <c>--upstream-connect-timeout</c> bounds each request through the cluster-proxy too: a cluster whose TLS handshake
/// hangs inside the tunnel, and a proxy-server that never completes its own TLS handshake.
/// </summary>
public sealed class ClusterProxyConnectTimeoutTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Bound = ConnectTimeout * 1.5 + TimeSpan.FromSeconds(1.5);

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task EightConcurrentRequests_ClusterHandshakeHangsInTheTunnel_EachGets503WithinTheTimeout(string frontend)
    {
        using var hung = new HungTlsServer();
        await using var env = await ClusterProxyEnvironment.StartAsync(frontend,
            configureGateway: o => o with { UpstreamConnectTimeout = ConnectTimeout });
        env.Konnectivity.Route("hung", new IPEndPoint(IPAddress.Loopback, hung.Url.Port));
        using var client = env.Hub.CreateGatewayClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TimedGetAsync(client, "hung")))
            .WaitAsync(TestTimeouts.Long, "the 8 requests to the hung cluster");
        var healthy = await TimedGetAsync(client, "proxied");

        hung.Connections.Should().BeGreaterThan(0, "the tunnel reached the hung cluster");
        healthy.Status.Should().Be(HttpStatusCode.OK, healthy.Message);
        foreach (var result in results)
        {
            result.Status.Should().Be(HttpStatusCode.ServiceUnavailable, result.Message);
            result.Message.Should().Be("cluster hung is unreachable: TLS handshake with the cluster timed out after 2s");
            result.Elapsed.Should().BeLessThan(Bound, "each request is bounded from its own start");
        }
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task ConcurrentRequests_ProxyServerHandshakeHangs_EachGets503WithinTheTimeout(string frontend)
    {
        using var hungProxy = new HungTlsServer();
        await using var env = await ClusterProxyEnvironment.StartAsync(frontend,
            configureGateway: o => o with { UpstreamConnectTimeout = ConnectTimeout, ProxyPort = hungProxy.Url.Port });
        using var client = env.Hub.CreateGatewayClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TimedGetAsync(client, "proxied")))
            .WaitAsync(TestTimeouts.Long, "the requests through the hung proxy-server");

        hungProxy.Connections.Should().BeGreaterThan(0);
        foreach (var result in results)
        {
            result.Status.Should().Be(HttpStatusCode.ServiceUnavailable, result.Message);
            result.Message.Should().StartWith("cluster proxied is unreachable: ");
            result.Message.Should().ContainAny("within 2s", "after 2s");
            result.Elapsed.Should().BeLessThan(Bound, "each request is bounded from its own start");
        }
    }

    private static async Task<(HttpStatusCode Status, string Message, TimeSpan Elapsed)> TimedGetAsync(
        HttpClient client, string cluster)
    {
        await Task.Yield();
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(
            ClusterProxyTransportTests.Path(cluster, "api/v1/namespaces/default/configmaps"));
        var message = await Proxy.Egress.ProxyTraffic.StatusMessageAsync(response);
        return (response.StatusCode, message, watch.Elapsed);
    }
}
