using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Acceptance;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Upgrades;

/// <summary>The upgrade relay seen from a raw HTTP/1.1 client: non-101 answers come back as the cluster sent them.</summary>
public sealed class UpgradeRelayTests(HubEnvironmentFixture fixture) : IClassFixture<HubEnvironmentFixture>
{
    private readonly HubEnvironment _env = fixture.Env;

    [Theory(Timeout = 30_000)]
    [InlineData("SPDY/3.1")]
    [InlineData("websocket")]
    public async Task Upgrade_MissingPod_RelaysTheClustersNotFound(string upgrade)
    {
        using var client = _env.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{_env.ProxyServer("cluster-b")}/api/v1/namespaces/default/pods/missing/exec?command=cat&stdout=true");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", upgrade);
        request.Headers.TryAddWithoutValidation("X-Stream-Protocol-Version", "v4.channel.k8s.io");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", "v5.channel.k8s.io");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var status = await response.Content.ReadFromJsonAsync<JsonObject>();
        ((string?)status!["reason"]).Should().Be("NotFound");
        ((string?)status["message"]).Should().Be("pods \"missing\" not found");
        _env.ClusterB.Requests.Snapshot().Should().Contain(r => r.Path.EndsWith("/pods/missing/exec", StringComparison.Ordinal)
            && r.Protocol == "HTTP/1.1" && r.Header("Upgrade") == upgrade);
    }
}
