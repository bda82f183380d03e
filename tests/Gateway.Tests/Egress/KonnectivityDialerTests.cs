using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Egress;
using ClusterGateway.Gateway.Tests.Proxy.Connections;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Konnectivity;

namespace ClusterGateway.Gateway.Tests.Egress;

/// <summary>
/// Tunnels through a konnectivity server (gRPC and HTTP-CONNECT frontends) carry HTTPS to a fake cluster, verified
/// with the cluster's CA, and are pooled by SocketsHttpHandler: many requests, one dial.
/// </summary>
public sealed class KonnectivityDialerTests : IAsyncLifetime
{
    private FakeApiServer _cluster = null!;
    private TestKonnectivityServer _konnectivity = null!;

    public async Task InitializeAsync()
    {
        _cluster = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "cluster-x", Tokens = { ["t"] = "admin" }, ServerNames = { "cluster-x" },
        });
        _konnectivity = await TestKonnectivityServer.StartAsync();
        _konnectivity.Route("cluster-x", new IPEndPoint(IPAddress.Loopback, _cluster.Url.Port));
    }

    public async Task DisposeAsync()
    {
        await _konnectivity.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("grpc")]
    [InlineData("http-connect")]
    public async Task HundredRequests_ThroughTunnel_ReuseOneDial(string frontend)
    {
        using var client = ClusterClient(Dialer(frontend), _cluster.CaPem);

        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync("https://cluster-x/api/v1/namespaces/default/configmaps");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        _cluster.Requests.Count.Should().Be(100);
        (frontend == "grpc" ? _konnectivity.GrpcDials : _konnectivity.ConnectDials).Should().Be(1);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("grpc")]
    [InlineData("http-connect")]
    public async Task WrongClusterCa_ThroughTunnel_FailsTheHandshake(string frontend)
    {
        using var other = TestCertificateAuthority.Create("other");
        using var client = ClusterClient(Dialer(frontend), other.CertificatePem);

        var act = () => client.GetAsync("https://cluster-x/version");

        await act.Should().ThrowAsync<HttpRequestException>();
        _cluster.Requests.Count.Should().Be(0);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("grpc")]
    [InlineData("http-connect")]
    public async Task UnknownDestination_DialFails_WithTheServerAndAddressInTheMessage(string frontend)
    {
        var act = async () => await Dialer(frontend).DialAsync("nowhere", 443, CancellationToken.None);

        (await act.Should().ThrowAsync<EgressDialException>()).Which.Message.Should().Contain("nowhere:443");
    }

    [Fact(Timeout = 60_000)]
    public async Task ProxyServerRefusesTheGrpcCall_DialFails_WithTheGrpcStatusInTheMessage()
    {
        var host = TestKonnectivityServer.RefusingHost;

        var act = async () => await Dialer("grpc").DialAsync(host, 443, CancellationToken.None);

        (await act.Should().ThrowAsync<EgressDialException>()).Which.Message.Should().Be(
            $"proxy-server 127.0.0.1:{_konnectivity.GrpcPort} refused the tunnel call for {host}:443: " +
            "grpc-status 7: permission denied");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("grpc")]
    [InlineData("http-connect")]
    public async Task ProxyServerDown_DialFails_ConnectionRefusedByTheProxyServerOnce(string frontend)
    {
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        closed.Dispose();

        var act = async () => await Dialer(frontend, port).DialAsync("cluster-x", 443, CancellationToken.None);

        (await act.Should().ThrowAsync<EgressDialException>()).Which.Message
            .Should().Be($"connection refused by proxy-server 127.0.0.1:{port}");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("grpc")]
    [InlineData("http-connect")]
    public async Task PoolConnectTimeout_WhileTheProxyServerHandshakeHangs_IsReportedAsAConnectTimeout(string frontend)
    {
        // The dial's own timeout (10 s) is far off: only the pool's connect timeout cancels the dial, as when it fires
        // a moment before the gateway's per-request deadline.
        using var hungProxy = new HungTlsServer();
        var dialer = Dialer(frontend, hungProxy.Url.Port);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            ConnectCallback = async (context, token) =>
                await dialer.DialAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://cluster-x/version")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        var act = () => invoker.SendAsync(request, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default, "the request through the hung proxy-server");

        (await act.Should().ThrowAsync<OperationCanceledException>("a cancelled dial is the pool's own connect timeout, " +
                "not a connection failure")).Which.InnerException.Should().BeOfType<TimeoutException>();
        hungProxy.Connections.Should().BeGreaterThan(0, "the dial reached the proxy-server");
    }

    private IEgressDialer Dialer(string frontend, int? port = null)
    {
        var roots = new X509Certificate2Collection { _konnectivity.Ca.Certificate };
        var trust = new ProxyServerTrust("127.0.0.1", roots, _konnectivity.IssueClientCertificate());
        if (frontend == "http-connect")
        {
            return new HttpConnectDialer("127.0.0.1", port ?? _konnectivity.ConnectPort, trust, TimeSpan.FromSeconds(10));
        }

        var handler = new SocketsHttpHandler { SslOptions = trust.ClientOptions() };
        return new KonnectivityGrpcDialer(handler,
            new Uri($"https://127.0.0.1:{port ?? _konnectivity.GrpcPort}"), TimeSpan.FromSeconds(10), trust);
    }

    private static HttpClient ClusterClient(IEgressDialer dialer, string caPem)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(caPem);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
                await dialer.DialAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token),
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, c, _, errors) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return c is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 &&
                           chain.Build(X509CertificateLoader.LoadCertificate(c.GetRawCertData()));
                },
            },
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        return client;
    }
}
