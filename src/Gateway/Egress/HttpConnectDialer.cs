using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// Dials through a konnectivity proxy-server's HTTP-CONNECT frontend: a TLS (mTLS) connection to the proxy server per
/// tunnelled connection, <c>CONNECT host:port HTTP/1.1</c>, then, after <c>HTTP/1.1 200</c>, a raw byte pipe
/// (apiserver-network-proxy pkg/server/tunnel.go). The connection is pooled by the caller's HTTP handler.
/// </summary>
/// <param name="proxyHost">Proxy server host (also the TLS server name).</param>
/// <param name="proxyPort">Proxy server port.</param>
/// <param name="trust">mTLS with the proxy server (CA trust, client certificate), and what it showed.</param>
/// <param name="dialTimeout">Timeout for connect, handshake and the CONNECT answer.</param>
internal sealed class HttpConnectDialer(string proxyHost, int proxyPort, ProxyServerTrust trust,
    TimeSpan dialTimeout) : IEgressDialer
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 1024;

    /// <inheritdoc/>
    public async ValueTask<Stream> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = $"{host}:{port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(dialTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? ssl = null;
        try
        {
            await socket.ConnectAsync(proxyHost, proxyPort, timeout.Token);
            ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
            await ssl.AuthenticateAsClientAsync(trust.ClientOptions(), timeout.Token);
            // Watched only for the exchange before the tunnel: an end or failure before the answer's first byte is
            // named as a closed connection (ProxyServerTrust.Watch), whichever the write or the read hit first.
            var exchange = trust.Watch(ssl);
            await exchange.WriteAsync(
                Encoding.ASCII.GetBytes($"CONNECT {address} HTTP/1.1\r\nHost: {address}\r\n\r\n"), timeout.Token);
            await exchange.FlushAsync(timeout.Token);

            var (statusLine, body) = await ReadAnswerAsync(exchange, timeout.Token);
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || parts[1] != "200")
            {
                throw new EgressDialException(body.Length > 0
                    ? $"proxy-server {proxyHost}:{proxyPort} could not dial {address}: {Printable.Clip(body)}"
                    : $"proxy-server {proxyHost}:{proxyPort} refused CONNECT {address}: {Printable.Clip(statusLine)}");
            }

            return new TunnelStream(ssl);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException
                                      or System.Security.Authentication.AuthenticationException && e is not EgressDialException)
        {
            await DisposeAsync(ssl, socket);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw ProxyServerErrors.CallerCancelled(e, cancellationToken);
            }

            throw new EgressDialException(
                ProxyServerErrors.Describe(e, $"{proxyHost}:{proxyPort}", address, dialTimeout,
                    timeout.IsCancellationRequested, trust), e);
        }
        catch
        {
            await DisposeAsync(ssl, socket);
            throw;
        }
    }

    // Reads the response head byte by byte so that not a byte of the tunnelled stream is consumed; returns line 1
    // and, for a refusal, a short body (ReadShortBodyAsync), which says why. (An end before the first byte is recorded
    // by the stream's watch: the server rejected the client certificate, most likely.)
    private async Task<(string StatusLine, string Body)> ReadAnswerAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < MaxHeaderBytes)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the proxy closed the connection before answering CONNECT");
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                var text = Encoding.ASCII.GetString(head.ToArray());
                var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
                return (statusLine, statusLine.Contains(" 200", StringComparison.Ordinal)
                    ? ""
                    : await ReadShortBodyAsync(stream, text, cancellationToken));
            }
        }

        throw new IOException($"the CONNECT answer exceeded {MaxHeaderBytes} bytes");
    }

    // Content-Length bytes, or (as konnectivity's tunnel.go answers errors) up to the end of the connection; at most
    // MaxBodyBytes either way.
    private static async Task<string> ReadShortBodyAsync(Stream stream, string head, CancellationToken cancellationToken)
    {
        var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = line is not null && int.TryParse(line["Content-Length:".Length..].Trim(), out var declared)
            ? Math.Clamp(declared, 0, MaxBodyBytes)
            : MaxBodyBytes;
        var body = new byte[length];
        var read = await stream.ReadAtLeastAsync(body, length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(body, 0, read).Trim();
    }

    private static async ValueTask DisposeAsync(SslStream? ssl, Socket socket)
    {
        if (ssl is not null)
        {
            await ssl.DisposeAsync();
        }

        socket.Dispose();
    }
}
