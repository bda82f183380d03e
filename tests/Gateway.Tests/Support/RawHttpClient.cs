using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>
/// An HTTP/1.1 client over TLS that writes the request line and headers exactly as given (HttpClient and
/// <see cref="Uri"/> would normalize a backslash or a dot segment before anything reaches the gateway) and keeps the
/// connection alive between requests; reconnects when the server closed it.
/// </summary>
internal sealed class RawHttpClient(Uri server, string trustPem) : IAsyncDisposable
{
    private TcpClient? _tcp;
    private SslStream? _tls;
    private BufferedStream? _reader;

    /// <summary>One response: status code, headers (lower-case names, last value wins), body.</summary>
    public sealed record Response(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Sends one request and reads its response.</summary>
    /// <param name="method">Method.</param>
    /// <param name="target">Request target, written verbatim (UTF-8).</param>
    /// <param name="headers">Header lines such as <c>Authorization: Bearer x</c>, written verbatim.</param>
    /// <param name="body">Raw body bytes (framing headers are the caller's business).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The response.</returns>
    public async Task<Response> SendAsync(string method, string target, IEnumerable<string> headers,
        byte[]? body = null, CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken);
        var head = new StringBuilder().Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        try
        {
            await _tls!.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancellationToken);
            if (body is not null)
            {
                await _tls.WriteAsync(body, cancellationToken);
            }

            await _tls.FlushAsync(cancellationToken);
            var response = await ReadResponseAsync(method, cancellationToken);
            if (response.Headers.TryGetValue("connection", out var connection) &&
                connection.Equals("close", StringComparison.OrdinalIgnoreCase))
            {
                await CloseAsync();
            }

            return response;
        }
        catch (IOException)
        {
            await CloseAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => CloseAsync();

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_tls is not null)
        {
            return;
        }

        var trust = new X509Certificate2Collection();
        trust.ImportFromPem(trustPem);
        _tcp = new TcpClient { NoDelay = true };
        await _tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        _tls = new SslStream(_tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trust);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        });
        await _tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        }, cancellationToken);
        _reader = new BufferedStream(_tls, 64 * 1024);
    }

    private async Task<Response> ReadResponseAsync(string method, CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(cancellationToken) ?? throw new IOException("connection closed");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var code = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = new MemoryStream();
        if (method != "HEAD" && code is not (204 or 304) and >= 200)
        {
            if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                while (true)
                {
                    var size = Convert.ToInt32((await ReadLineAsync(cancellationToken))!.Split(';')[0], 16);
                    if (size == 0)
                    {
                        while (await ReadLineAsync(cancellationToken) is { Length: > 0 })
                        {
                        }

                        break;
                    }

                    await CopyAsync(body, size, cancellationToken);
                    await ReadLineAsync(cancellationToken);
                }
            }
            else if (headers.TryGetValue("content-length", out var length))
            {
                await CopyAsync(body, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        return new Response(code, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private async Task CopyAsync(MemoryStream destination, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await _reader!.ReadExactlyAsync(buffer, cancellationToken);
        destination.Write(buffer);
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _reader!.ReadAsync(one, cancellationToken) == 0)
            {
                return bytes.Count == 0 ? null : Encoding.UTF8.GetString([.. bytes]);
            }

            if (one[0] == '\n')
            {
                return Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private async ValueTask CloseAsync()
    {
        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        _tcp?.Dispose();
        _tls = null;
        _tcp = null;
        _reader = null;
    }
}
