using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.TestSupport.Konnectivity;

/// <summary>
/// A konnectivity proxy-server for tests with both frontends: gRPC (<c>/ProxyService/Proxy</c> over HTTP/2) and
/// HTTP-CONNECT, each on its own loopback port with mTLS (clients need a certificate from <see cref="Ca"/>). Dials are
/// routed by destination host (<see cref="Route"/>, like <c>--proxy-strategies=destHost</c>) and counted.
/// </summary>
public sealed class TestKonnectivityServer : IAsyncDisposable
{
    /// <summary>A destination host whose gRPC dial the server refuses with gRPC status 7 (PERMISSION_DENIED,
    /// "permission denied") instead of a DIAL_RSP.</summary>
    public const string RefusingHost = "refused-by-proxy";

    private readonly ConcurrentDictionary<string, IPEndPoint> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Address, long ConnectId)> _grpcConnections = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _closeRequests = new();
    private readonly WebApplication _grpc;
    private readonly HttpConnectFrontend _connect;
    private int _grpcDials;

    private TestKonnectivityServer(TestCertificateAuthority ca, WebApplication grpc, HttpConnectFrontend connect)
    {
        Ca = ca;
        _grpc = grpc;
        _connect = connect;
    }

    /// <summary>Signs the server certificates and the client certificates the server accepts.</summary>
    public TestCertificateAuthority Ca { get; }

    /// <summary>Port of the gRPC frontend on 127.0.0.1.</summary>
    public int GrpcPort { get; private set; }

    /// <summary>Port of the HTTP-CONNECT frontend on 127.0.0.1.</summary>
    public int ConnectPort => _connect.Port;

    /// <summary>Successful and failed dials through the gRPC frontend.</summary>
    public int GrpcDials => Volatile.Read(ref _grpcDials);

    /// <summary>Connections opened through the gRPC frontend, in order: dialed address and connectID.</summary>
    public IReadOnlyList<(string Address, long ConnectId)> GrpcConnections => [.. _grpcConnections];

    /// <summary>Completes when the client sends CLOSE_REQ for <paramref name="connectId"/> (not when the call is merely
    /// cancelled or cut).</summary>
    /// <param name="connectId">A connectID from <see cref="GrpcConnections"/>.</param>
    public Task CloseRequested(long connectId) => CloseSignal(connectId).Task;

    /// <summary>Dials through the HTTP-CONNECT frontend.</summary>
    public int ConnectDials => _connect.Dials;

    /// <summary>Starts both frontends; the server certificate is valid for 127.0.0.1 and localhost.</summary>
    public static async Task<TestKonnectivityServer> StartAsync()
    {
        var ca = TestCertificateAuthority.Create("konnectivity-ca");
        var serving = ca.IssueServerCertificate("127.0.0.1", "localhost");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serving;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => ca.Verifies(certificate);
            });
        }));
        var app = builder.Build();
        TestKonnectivityServer? server = null;
        app.MapPost("/ProxyService/Proxy", context => new GrpcProxyCall(context, host => server!.Resolve(host, grpc: true),
            (address, id) => server!._grpcConnections.Enqueue((address, id)),
            id => server!.CloseSignal(id).TrySetResult()).RunAsync());
        var connect = HttpConnectFrontend.Start(serving, ca, host => server!.Resolve(host, grpc: false));
        server = new TestKonnectivityServer(ca, app, connect);
        await app.StartAsync();
        server.GrpcPort = new Uri(app.Urls.First()).Port;
        return server;
    }

    /// <summary>Routes dials to <paramref name="host"/> (any port) to <paramref name="target"/>.</summary>
    public void Route(string host, IPEndPoint target) => _routes[host] = target;

    /// <summary>Issues a client certificate the server accepts.</summary>
    public X509Certificate2 IssueClientCertificate(string commonName = "cluster-gateway") => Ca.IssueClientCertificate(commonName);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _grpc.StopAsync();
        await _grpc.DisposeAsync();
        _connect.Dispose();
        Ca.Dispose();
    }

    private TaskCompletionSource CloseSignal(long connectId) =>
        _closeRequests.GetOrAdd(connectId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private IPEndPoint? Resolve(string address, bool grpc)
    {
        if (grpc)
        {
            Interlocked.Increment(ref _grpcDials);
        }

        var host = address.Contains(':', StringComparison.Ordinal) ? address[..address.LastIndexOf(':')] : address;
        return _routes.TryGetValue(host, out var target) ? target : null;
    }
}
