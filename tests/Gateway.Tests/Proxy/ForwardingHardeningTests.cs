using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Observability;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy;

/// <summary>
/// What the gateway does with a caller's request data, over real HTTP with raw requests: <c>X-Forwarded-For</c>
/// appended as Go's ReverseProxy does, <c>Connection</c>-named headers dropped (upgrades included), a malformed
/// body answered 400 without blaming the cluster, request data escaped in logs, out-of-range list options 400.
/// </summary>
public sealed class ForwardingHardeningTests : IAsyncLifetime
{
    private const string ProxyB = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-b/proxy";

    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Theory(Timeout = 60_000)]
    [InlineData(null, "127.0.0.1")]
    [InlineData("203.0.113.7", "203.0.113.7, 127.0.0.1")]
    [InlineData("203.0.113.7, 198.51.100.1", "203.0.113.7, 198.51.100.1, 127.0.0.1")]
    public async Task Proxy_XForwardedFor_CallersAddressAppended(string? sent, string expected)
    {
        var path = $"/api/v1/namespaces/xff-{Guid.NewGuid():N}/configmaps";
        List<string> headers = [Bearer];
        if (sent is not null)
        {
            headers.Add("X-Forwarded-For: " + sent);
        }

        await using var client = Raw();
        var response = await client.SendAsync("GET", ProxyB + path, headers);

        response.StatusCode.Should().Be(200, response.Body);
        Received(path).Header("X-Forwarded-For").Should().Be(expected);
    }

    // Kestrel keeps the Connection value as sent unless exactly one of keep-alive/close/upgrade is in it (then it
    // keeps only that option, HttpHeaders.ParseConnection), so the values below list none or two of them.
    [Fact(Timeout = 60_000)]
    public async Task Proxy_HeadersNamedInConnection_Dropped()
    {
        var path = $"/api/v1/namespaces/conn-{Guid.NewGuid():N}/configmaps";
        await using var client = Raw();

        var response = await client.SendAsync("GET", ProxyB + path,
        [
            Bearer, "Connection: X-Hop-Secret, X-Forwarded-For", "X-Hop-Secret: s3cret",
            "X-Forwarded-For: 10.6.6.6", "X-Kept: yes",
        ]);

        response.StatusCode.Should().Be(200, response.Body);
        var received = Received(path);
        received.Header("X-Hop-Secret").Should().BeNull();
        received.Header("X-Kept").Should().Be("yes", "only the named headers go");
        received.Header("X-Forwarded-For").Should().Be("127.0.0.1", "a Connection-named X-Forwarded-For is dropped first");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_UpgradeWithHeadersNamedInConnection_DroppedAndStillSwitches()
    {
        _env.ClusterB.Store.Put(FakePods.Running("hop"));
        await using var client = Raw();

        var response = await client.SendAsync("GET", ProxyB + "/api/v1/namespaces/default/pods/hop/exec?command=date&stdout=true",
        [
            Bearer, "Connection: keep-alive, Upgrade, X-Hop-Secret", "Upgrade: websocket", "X-Hop-Secret: s3cret",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Protocol: v5.channel.k8s.io",
        ]);

        response.StatusCode.Should().Be(101);
        response.Headers["upgrade"].Should().BeEquivalentTo("websocket");
        var received = Received("/api/v1/namespaces/default/pods/hop/exec");
        received.Header("Upgrade").Should().Be("websocket");
        received.Header("X-Hop-Secret").Should().BeNull();
        received.Header("X-Forwarded-For").Should().Be("127.0.0.1");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_MalformedChunkedBody_400AndNotCountedAsClusterFailure()
    {
        using var probe = new ProxyMeterProbe(_env.Gateway);
        await using var client = Raw();

        var response = await client.SendAsync("POST", ProxyB + "/api/v1/namespaces/default/configmaps",
            [Bearer, "Content-Type: application/json", "Transfer-Encoding: chunked"],
            Encoding.ASCII.GetBytes("zz\r\n{\"a\":1}\r\n0\r\n\r\n"));

        response.StatusCode.Should().Be(400, response.Body);
        var status = JsonNode.Parse(response.Body)!;
        ((string?)status["reason"]).Should().Be("BadRequest");
        ((string?)status["message"]).Should().StartWith("malformed request body").And.NotContain("unreachable");
        await probe.WaitForAsync(p => p.Completed("cluster-b") == 1, "the request's metrics");
        using var http = _env.CreateGatewayClient();
        var metrics = await http.GetStringAsync("/metrics");
        metrics.Should().Contain("ocm_proxy_proxied_requests_by_cluster_total{cluster=\"cluster-b\",code=\"400\"} 1")
            .And.NotContain("code=\"503\"");
        _env.Logs.Lines.Should().NotContain(l => l.Contains("unreachable", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Unauthenticated_PathWithLineBreaksAndEscape_LoggedEscapedAtDebug()
    {
        await using var client = Raw();

        var response = await client.SendAsync("GET", "/api/v1/x%0a12:00:00.000%20INF%20forged%0d%1b[31m",
            ["Authorization: Bearer not-a-token"]);

        response.StatusCode.Should().Be(401);
        var line = await _env.Logs.WaitForAsync(l => l.Contains("Unable to authenticate", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default);
        line.Should().StartWith("Debug ").And.Contain("/api/v1/x\\n12:00:00.000 INF forged\\r\\x1b[31m");
        line.Should().NotContainAny("\n", "\r", "\u001b");
    }

    [Fact(Timeout = 60_000)]
    public async Task ClusterGateways_OutOfRangeListOptions_400AndHugeTimeoutStreams_NothingLoggedAsError()
    {
        using var http = _env.CreateGatewayClient();
        const string Resource = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

        using var negative = await http.GetAsync(Resource + "?watch=true&timeoutSeconds=-1");
        using var overflow = await http.GetAsync(Resource + "?limit=99999999999999999999");
        using var huge = await http.GetAsync(Resource + "?watch=true&timeoutSeconds=9999999",
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await huge.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(TestTimeouts.Default);

        negative.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        ((string?)JsonNode.Parse(await negative.Content.ReadAsStringAsync())!["message"]).Should()
            .Be("invalid timeoutSeconds: \"-1\": must be an integer from 0 to 9223372036854775807");
        overflow.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        huge.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        ((string?)JsonNode.Parse(first!)!["type"]).Should().Be("ADDED", "the watch streams instead of failing");
        // An unhandled exception is logged before its 500 goes out; all three answers are in, so it would show.
        _env.Logs.Lines.Should().NotContain(l => l.StartsWith("Error", StringComparison.Ordinal) ||
            l.StartsWith("Critical", StringComparison.Ordinal));
    }

    private string Bearer => "Authorization: Bearer " + _env.Gateway.Token;

    private RawHttpClient Raw() => new(_env.Gateway.Url, _env.Gateway.TrustPem);

    private RecordedRequest Received(string path) =>
        _env.ClusterB.Requests.Snapshot().Should().ContainSingle(r => r.Path == path).Subject;
}
