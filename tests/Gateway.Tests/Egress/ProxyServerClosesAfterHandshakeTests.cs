using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Egress;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Egress;

/// <summary>
/// A proxy server that drops the connection right after the TLS 1.3 handshake (as one does when it rejects the
/// client certificate) is named as such by both frontends' dialers, whichever they hit first: a reset on their first
/// write (the HTTP/2 preface, the CONNECT line) or the end on their read.
/// </summary>
public sealed class ProxyServerClosesAfterHandshakeTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("grpc", true)]
    [InlineData("grpc", false)]
    [InlineData("http-connect", true)]
    [InlineData("http-connect", false)]
    public async Task Dial_ServerDropsTheConnectionAfterTheHandshake_NamesTheClientCertificate(string frontend, bool reset)
    {
        using var ca = TestCertificateAuthority.Create("proxy-ca");
        await using var server = new ClosingTlsServer(ca.IssueServerCertificate("127.0.0.1"), reset);
        var trust = new ProxyServerTrust("127.0.0.1", [ca.Certificate], ca.IssueClientCertificate("gateway"));
        IEgressDialer dialer = frontend == "http-connect"
            ? new HttpConnectDialer("127.0.0.1", server.Port, trust, TimeSpan.FromSeconds(10))
            : new KonnectivityGrpcDialer(new SocketsHttpHandler
            {
                SslOptions = trust.ClientOptions(),
                PlaintextStreamFilter = (context, _) =>
                    ValueTask.FromResult(trust.Watch(context.PlaintextStream)),
            }, new Uri($"https://127.0.0.1:{server.Port}"), TimeSpan.FromSeconds(10), trust);
        using var disposable = dialer as IDisposable;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var act = async () => await dialer.DialAsync("cluster-x", 443, CancellationToken.None);

            var thrown = (await act.Should().ThrowAsync<EgressDialException>()).Which;
            thrown.Message.Should().Be(
                $"proxy-server 127.0.0.1:{server.Port} closed the connection right after the TLS handshake: it " +
                "rejected the gateway's client certificate (--proxy-cert), or the port serves another protocol",
                "the dial failed with {0}", thrown.InnerException);
        }

        server.Handshakes.Should().BeGreaterThan(0);
    }

    /// <summary>Completes each TLS 1.3 handshake, then closes the connection at once: with a reset (linger 0) or
    /// with an orderly close.</summary>
    private sealed class ClosingTlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate;
        private readonly bool _reset;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private int _handshakes;

        public ClosingTlsServer(X509Certificate2 certificate, bool reset)
        {
            _certificate = certificate;
            _reset = reset;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Handshakes => Volatile.Read(ref _handshakes);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
            _certificate.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        EnabledSslProtocols = SslProtocols.Tls13,
                        ApplicationProtocols = [SslApplicationProtocol.Http2],
                    }, _stop.Token);
                    Interlocked.Increment(ref _handshakes);
                }
                catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
                {
                }

                if (_reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                socket.Close();
            }
        }
    }
}
