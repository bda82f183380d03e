using System.Net;
using System.Net.Sockets;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Connections;

/// <summary>
/// A cluster that cannot be reached directly is answered with a 503 Status giving one cause, once, in words: never an
/// internal exception text such as "see inner exception".
/// </summary>
public sealed class UnreachableMessageTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(_ => [],
        configureGateway: o => o with { UpstreamConnectTimeout = TimeSpan.FromSeconds(5) });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task UnreachableClusters_Answer503WithOneCauseInWords()
    {
        var closedPort = ClosedLoopbackPort();
        using var otherCa = TestCertificateAuthority.Create("not-cluster-b-ca");
        await _env.PutClusterAsync(Cluster("refused", $"https://127.0.0.1:{closedPort}/", _env.ClusterB.CaPem));
        await _env.PutClusterAsync(Cluster("untrusted", _env.ClusterB.Url.ToString(), otherCa.CertificatePem));
        await _env.PutClusterAsync(Cluster("wrong-name", $"https://localhost:{_env.ClusterB.Url.Port}/", _env.ClusterB.CaPem,
            ("tls-server-name", "someone-else")));
        await _env.PutClusterAsync(Cluster("proxy-refused", _env.ClusterB.Url.ToString(), _env.ClusterB.CaPem,
            ("proxy-url", $"http://127.0.0.1:{closedPort}")));
        using var client = _env.CreateGatewayClient();

        var expected = new Dictionary<string, string>
        {
            ["refused"] = $"connection refused by 127.0.0.1:{closedPort}",
            ["untrusted"] = "TLS handshake with the cluster failed: its certificate is not signed by the cluster's CA bundle",
            ["wrong-name"] = "TLS handshake with the cluster failed: its certificate is not issued for someone-else",
            ["proxy-refused"] = $"connection refused by the proxy-url 127.0.0.1:{closedPort}",
        };
        foreach (var (cluster, cause) in expected)
        {
            using var response = await client.GetAsync(ProxyTraffic.Path(cluster, "/version"));
            var message = await ProxyTraffic.StatusMessageAsync(response);

            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, message);
            message.Should().Be($"cluster {cluster} is unreachable: {cause}");
        }

        _env.ClusterB.Requests.Snapshot().Should().BeEmpty("no request reaches an unverified cluster");
    }

    private static System.Text.Json.Nodes.JsonObject Cluster(string name, string endpoint, string caPem,
        params (string Key, string Value)[] extra)
    {
        var data = new Dictionary<string, string> { ["endpoint"] = endpoint, ["ca.crt"] = caPem, ["token"] = "t" };
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }

        return HubEnvironment.Secret(name, "ServiceAccountToken", data);
    }

    private static int ClosedLoopbackPort()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
