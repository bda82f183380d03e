using System.Diagnostics;
using System.Net;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Connections;

/// <summary>
/// <c>--upstream-connect-timeout</c> bounds every request on its own: requests queued behind a hanging connection
/// attempt to the same cluster get their 503 within the timeout of their own start, not one timeout after another.
/// </summary>
public sealed class ConnectTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(
        env => [env.TokenSecret("healthy", HubEnvironment.ClusterBToken)],
        configureGateway: o => o with { UpstreamConnectTimeout = ConnectTimeout });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task EightConcurrentRequests_HungTlsHandshake_EachGets503WithinTheTimeoutWhileAHealthyClusterServes()
    {
        using var hung = new HungTlsServer();
        await _env.PutClusterAsync(HubEnvironment.Secret("hung", "ServiceAccountToken", new()
        {
            ["endpoint"] = hung.Url.ToString(), ["ca.crt"] = _env.ClusterB.CaPem, ["token"] = "t",
        }));
        using var client = _env.CreateGatewayClient();
        using (var warm = await client.GetAsync(ProxyTraffic.Path("healthy", "/version")))
        {
            warm.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var requests = Enumerable.Range(0, 8).Select(_ => TimedGetAsync(client, ProxyTraffic.Path("hung", "/version")))
            .ToList();
        var healthy = await TimedGetAsync(client, ProxyTraffic.Path("healthy", "/api/v1/namespaces"));
        var stillPending = requests.Count(r => !r.IsCompleted);
        var results = await Task.WhenAll(requests).WaitAsync(TestTimeouts.Long, "the 8 requests to the hung cluster");

        healthy.Status.Should().Be(HttpStatusCode.OK, healthy.Message);
        stillPending.Should().BeGreaterThan(0, "the healthy cluster is served while the hung one's requests wait");
        hung.Connections.Should().BeGreaterThan(0, "the gateway did reach the hung cluster's TCP listener");
        var bound = ConnectTimeout * 1.5 + TimeSpan.FromSeconds(1.5);
        foreach (var result in results)
        {
            result.Status.Should().Be(HttpStatusCode.ServiceUnavailable, result.Message);
            result.Message.Should().Be("cluster hung is unreachable: TLS handshake with the cluster timed out after 2s");
            result.Elapsed.Should().BeGreaterThan(ConnectTimeout * 0.9, "only the connect timeout ends the wait");
            result.Elapsed.Should().BeLessThan(bound,
                $"each request is bounded by --upstream-connect-timeout from its own start; all: {string.Join(", ", results.Select(r => r.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task ConcurrentUpgrades_HungTlsHandshake_EachGets503WithinTheTimeout()
    {
        using var hung = new HungTlsServer();
        await _env.PutClusterAsync(HubEnvironment.Secret("hung-exec", "ServiceAccountToken", new()
        {
            ["endpoint"] = hung.Url.ToString(), ["ca.crt"] = _env.ClusterB.CaPem, ["token"] = "t",
        }));
        using var client = _env.CreateGatewayClient();
        var exec = ProxyTraffic.Path("hung-exec", "/api/v1/namespaces/default/pods/p/exec?command=sh&stdin=true");

        var results = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => TimedGetAsync(client, exec, i % 2 == 0 ? "SPDY/3.1" : "websocket"))
                .Append(TimedGetAsync(client, ProxyTraffic.Path("hung-exec", "/version"))))
            .WaitAsync(TestTimeouts.Long, "the upgrades to the hung cluster");

        var bound = ConnectTimeout * 1.5 + TimeSpan.FromSeconds(1.5);
        foreach (var result in results)
        {
            result.Status.Should().Be(HttpStatusCode.ServiceUnavailable, result.Message);
            result.Message.Should().Be("cluster hung-exec is unreachable: TLS handshake with the cluster timed out after 2s");
            result.Elapsed.Should().BeLessThan(bound, "an upgrade's connect is bounded like any request's");
        }
    }

    private static async Task<(HttpStatusCode Status, string Message, TimeSpan Elapsed)> TimedGetAsync(
        HttpClient client, string path, string? upgrade = null)
    {
        await Task.Yield();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (upgrade is not null)
        {
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", upgrade);
            request.Headers.TryAddWithoutValidation("X-Stream-Protocol-Version", "v4.channel.k8s.io");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", "v5.channel.k8s.io");
        }

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var message = await ProxyTraffic.StatusMessageAsync(response);
        return (response.StatusCode, message, watch.Elapsed);
    }
}
