using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Konnectivity;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>
/// A hub whose Secrets name ClusterProxy clusters, a konnectivity server (<see cref="TestKonnectivityServer"/>) and a
/// managed cluster behind it whose certificate is issued for its cluster name, and a gateway given
/// <c>--proxy-host/--proxy-port/--proxy-ca-cert/--proxy-cert/--proxy-key</c> for one frontend (or none).
/// Clusters: <c>proxied</c> (right CA, routed), <c>wrong-ca</c> (routed, another CA), <c>no-agent</c> (not routed),
/// <c>renamed</c> (routed; its certificate does not name it, <c>tls-server-name: proxied</c> does),
/// <c>insecure</c> (routed, another CA, <c>insecure-skip-tls-verify: "true"</c>) and <c>refused</c> (routed to a
/// closed loopback port: the agent's connect is refused); <c>hung</c> is not routed until a test routes it.
/// </summary>
internal sealed class ClusterProxyEnvironment : IAsyncDisposable
{
    public const string Token = "proxied-token";
    public const string User = "proxied-admin";

    private readonly string _directory = Directory.CreateTempSubdirectory("cg-clusterproxy-").FullName;
    private readonly bool _untrustedClientCertificate;
    private (string Certificate, string Key)? _clientPem;

    private ClusterProxyEnvironment(FakeApiServer managed, TestKonnectivityServer konnectivity, string? frontend,
        bool untrustedClientCertificate)
    {
        _untrustedClientCertificate = untrustedClientCertificate;
        Managed = managed;
        Konnectivity = konnectivity;
        Frontend = frontend;
    }

    /// <summary>The managed cluster behind the tunnel (serves <c>proxied</c> and <c>wrong-ca</c>).</summary>
    public FakeApiServer Managed { get; }

    public TestKonnectivityServer Konnectivity { get; }

    /// <summary><c>grpc</c>, <c>http-connect</c>, or <see langword="null"/> for a gateway without --proxy-host.</summary>
    public string? Frontend { get; }

    public HubEnvironment Hub { get; private set; } = null!;

    /// <summary>Dials the konnectivity server counted for <see cref="Frontend"/>.</summary>
    public int Dials => Frontend == "http-connect" ? Konnectivity.ConnectDials : Konnectivity.GrpcDials;

    /// <summary>Starts it all.</summary>
    /// <param name="frontend"><c>grpc</c>, <c>http-connect</c> or <see langword="null"/>.</param>
    /// <param name="untrustedClientCertificate">Give the gateway a client certificate from another CA, which the
    /// konnectivity server rejects.</param>
    /// <param name="configureGateway">Adjusts the gateway's options after the proxy flags are set.</param>
    public static async Task<ClusterProxyEnvironment> StartAsync(string? frontend, bool untrustedClientCertificate = false,
        Func<GatewayOptions, GatewayOptions>? configureGateway = null)
    {
        var managed = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "proxied", Tokens = { [Token] = User }, ServerNames = { "proxied", "wrong-ca" },
        });
        var konnectivity = await TestKonnectivityServer.StartAsync();
        var target = new IPEndPoint(IPAddress.Loopback, managed.Url.Port);
        konnectivity.Route("proxied", target);
        foreach (var cluster in new[] { "wrong-ca", "renamed", "insecure" })
        {
            konnectivity.Route(cluster, target);
        }

        konnectivity.Route("refused", ClosedLoopbackPort());
        var environment = new ClusterProxyEnvironment(managed, konnectivity, frontend, untrustedClientCertificate);
        try
        {
            using var otherCa = TestCertificateAuthority.Create("not-the-cluster-ca");
            var otherCaPem = otherCa.CertificatePem;
            environment.Hub = await HubEnvironment.StartAsync(
                _ =>
                [
                    Secret("proxied", managed.CaPem), Secret("wrong-ca", otherCaPem), Secret("no-agent", managed.CaPem),
                    Secret("renamed", managed.CaPem, ("tls-server-name", "proxied")),
                    Secret("insecure", otherCaPem, ("insecure-skip-tls-verify", "true")), Secret("refused", managed.CaPem),
                    Secret("hung", managed.CaPem),
                ],
                configureGateway: options => (configureGateway ?? (o => o))(frontend is null ? options : options with
                {
                    ProxyHost = "127.0.0.1",
                    ProxyPort = frontend == "grpc" ? konnectivity.GrpcPort : konnectivity.ConnectPort,
                    ProxyFrontend = frontend,
                    ProxyCaCert = environment.Write("proxy-ca.crt", konnectivity.Ca.CertificatePem),
                    ProxyCert = environment.Write("proxy.crt", environment.ClientPem().Certificate),
                    ProxyKey = environment.Write("proxy.key", environment.ClientPem().Key),
                }));
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>kubectl through the gateway's proxy to <paramref name="cluster"/>.</summary>
    public Task<KubectlResult> KubectlAsync(string cluster, params string[] args) => Hub.KubectlViaProxyAsync(cluster, args);

    public async ValueTask DisposeAsync()
    {
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        await Konnectivity.DisposeAsync();
        await Managed.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (string Certificate, string Key) ClientPem()
    {
        if (_clientPem is null)
        {
            using var otherCa = TestCertificateAuthority.Create("not-the-proxy-ca");
            _clientPem = TestCertificateAuthority.ExportPem(_untrustedClientCertificate
                ? otherCa.IssueClientCertificate("cluster-gateway")
                : Konnectivity.IssueClientCertificate());
        }

        return _clientPem.Value;
    }

    // A port nothing listens on: bound, then released.
    private static IPEndPoint ClosedLoopbackPort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static JsonObject Secret(string name, string caPem, params (string Key, string Value)[] extra)
    {
        var data = new Dictionary<string, string> { ["ca.crt"] = caPem, ["token"] = Token };
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }

        var secret = HubEnvironment.Secret(name, "ServiceAccountToken", data);
        secret["metadata"]!["labels"]!["cluster.core.oam.dev/cluster-endpoint-type"] = "ClusterProxy";
        return secret;
    }
}
