using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.TestSupport.Konnectivity;

/// <summary>The HTTP-CONNECT frontend: mTLS, <c>CONNECT host:port</c>, <c>200 Connection Established</c>, byte pipe.</summary>
internal sealed class HttpConnectFrontend : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2 _serving;
    private readonly TestCertificateAuthority _ca;
    private readonly Func<string, IPEndPoint?> _resolve;
    private int _dials;

    private HttpConnectFrontend(X509Certificate2 serving, TestCertificateAuthority ca, Func<string, IPEndPoint?> resolve)
    {
        _serving = serving;
        _ca = ca;
        _resolve = resolve;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Dials => Volatile.Read(ref _dials);

    public static HttpConnectFrontend Start(X509Certificate2 serving, TestCertificateAuthority ca, Func<string, IPEndPoint?> resolve)
    {
        var frontend = new HttpConnectFrontend(serving, ca, resolve);
        frontend._listener.Start();
        _ = frontend.AcceptLoopAsync();
        return frontend;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var ssl = new SslStream(new NetworkStream(client, ownsSocket: true));
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _serving,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && _ca.Verifies(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())),
            }, _stop.Token);
            var request = await ReadHeadAsync(ssl);
            var parts = request.Split(' ');
            Interlocked.Increment(ref _dials);
            // Failures are answered as konnectivity's tunnel.go does: a status line, a text body, then close.
            if (parts is not ["CONNECT", var address, ..] || _resolve(address) is not { } target)
            {
                await ssl.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n" +
                                                             "currently no tunnels available: No agent available"), _stop.Token);
                return;
            }

            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(target, _stop.Token);
            }
            catch (SocketException e)
            {
                var error = e.SocketErrorCode == SocketError.ConnectionRefused ? "connect: connection refused" : e.SocketErrorCode.ToString();
                await ssl.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\n" +
                                                             $"dial tcp {target}: {error}\r\n"), _stop.Token);
                return;
            }

            await ssl.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection Established\r\n\r\n"), _stop.Token);
            await ssl.FlushAsync(_stop.Token);
            var stream = upstream.GetStream();
            var toTarget = ssl.CopyToAsync(stream, _stop.Token).ContinueWith(_ => upstream.Client.Shutdown(SocketShutdown.Send), TaskScheduler.Default);
            await stream.CopyToAsync(ssl, _stop.Token);
            await toTarget;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException
                                      or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                break;
            }
        }

        var text = Encoding.ASCII.GetString(head.ToArray());
        var end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }
}
