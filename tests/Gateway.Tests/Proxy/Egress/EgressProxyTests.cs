using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Egress;

/// <summary>
/// Reaching clusters through a per-cluster <c>proxy-url</c> (HTTP CONNECT, HTTPS, SOCKS5), the connect timeout and
/// HTTP/2.
/// </summary>
public sealed class EgressProxyTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(_ => [],
        configureGateway: o => o with { UpstreamConnectTimeout = TimeSpan.FromSeconds(2) });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Proxy_HttpConnectProxyUrl_TunnelsThroughTheProxyAndReusesTheConnection()
    {
        await using var proxy = new ConnectProxy();
        await _env.PutClusterAsync(ClusterB("via-connect", $"http://127.0.0.1:{proxy.Port}"));
        using var client = _env.CreateGatewayClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(ProxyTraffic.Path("via-connect", "/api/v1/namespaces"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        proxy.Targets.Should().Equal($"127.0.0.1:{_env.ClusterB.Url.Port}");
        proxy.Connections.Should().Be(1, "the tunnelled connection is pooled");
        _env.ClusterB.Requests.Snapshot().Should().HaveCount(3);
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_HttpConnectProxyWithCredentials_AnswersTheBasicChallenge()
    {
        await using var proxy = new ConnectProxy(basicCredentials: "user:p@ss");
        await _env.PutClusterAsync(ClusterB("via-auth", $"http://user:p%40ss@127.0.0.1:{proxy.Port}"));
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("via-auth", "/api/v1/namespaces"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        proxy.ProxyAuthorizations.Should().Contain("Basic dXNlcjpwQHNz");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_Socks5ProxyUrl_TunnelsThroughTheProxy()
    {
        await using var proxy = new Socks5Proxy();
        await _env.PutClusterAsync(ClusterB("via-socks", $"socks5://127.0.0.1:{proxy.Port}"));
        using var client = _env.CreateGatewayClient();

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync(ProxyTraffic.Path("via-socks", "/api/v1/namespaces"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        proxy.Connections.Should().Be(1);
        proxy.Targets.Should().Equal($"127.0.0.1:{_env.ClusterB.Url.Port}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_Socks5ProxyWithHostNameAndCredentials_ResolvesTheNameAtTheProxy()
    {
        await using var proxy = new Socks5Proxy("alice", "secret");
        var endpoint = $"https://localhost:{_env.ClusterB.Url.Port}/";
        await _env.PutClusterAsync(ClusterB("via-socks-name", $"socks5://alice:secret@127.0.0.1:{proxy.Port}", endpoint));
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("via-socks-name", "/api/v1/namespaces"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        proxy.AddressTypes.Should().Equal([(byte)3], "the host name goes to the proxy unresolved (socks5h semantics)");
        proxy.Targets.Should().Equal($"localhost:{_env.ClusterB.Url.Port}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_HttpsProxyNotTrustedBySystemRoots_Answers503AndNeverReachesTheCluster()
    {
        // Signed by the cluster's own CA: the proxy leg must not be trusted with the cluster's CA bundle.
        using var proxyCertificate = _env.ClusterB.Ca.IssueServerCertificate("127.0.0.1");
        await using var proxy = new ConnectProxy(proxyCertificate);
        var endpoint = $"https://localhost:{_env.ClusterB.Url.Port}/";
        await _env.PutClusterAsync(ClusterB("via-https", $"https://127.0.0.1:{proxy.Port}", endpoint));
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("via-https", "/api/v1/namespaces"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ProxyTraffic.StatusMessageAsync(response)).Should().StartWith("cluster via-https is unreachable");
        proxy.Connections.Should().BeGreaterThan(0, "TLS to the proxy was attempted, not skipped");
        proxy.Targets.Should().BeEmpty();
        _env.ClusterB.Requests.Snapshot().Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ClusterAcceptsButNeverHandshakes_Answers503AfterTheConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await _env.PutClusterAsync(HubEnvironment.Secret("silent", "ServiceAccountToken", new()
        {
            ["endpoint"] = $"https://127.0.0.1:{port}/", ["ca.crt"] = _env.ClusterB.CaPem, ["token"] = "t",
        }));
        using var client = _env.CreateGatewayClient();
        var watch = Stopwatch.StartNew();

        using var response = await client.GetAsync(ProxyTraffic.Path("silent", "/version"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ProxyTraffic.StatusMessageAsync(response)).Should().StartWith("cluster silent is unreachable");
        watch.Elapsed.Should().BeLessThan(TestTimeouts.Short, "--upstream-connect-timeout (2s) bounds the TLS handshake");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_PlainRequest_ReachesTheClusterOverHttp2()
    {
        await _env.PutClusterAsync(_env.TokenSecret("direct", HubEnvironment.ClusterBToken));
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("direct", "/api/v1/namespaces"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _env.ClusterB.Requests.Snapshot().Single().Protocol.Should().Be("HTTP/2");
    }

    private System.Text.Json.Nodes.JsonObject ClusterB(string name, string proxyUrl, string? endpoint = null) =>
        HubEnvironment.Secret(name, "ServiceAccountToken", new()
        {
            ["endpoint"] = endpoint ?? _env.ClusterB.Url.ToString(),
            ["ca.crt"] = _env.ClusterB.CaPem,
            ["token"] = HubEnvironment.ClusterBToken,
            ["proxy-url"] = proxyUrl,
        });
}
