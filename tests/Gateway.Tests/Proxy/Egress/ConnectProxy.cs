using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ClusterGateway.Gateway.Tests.Proxy.Egress;

/// <summary>
/// An HTTP CONNECT proxy (RFC 9110 §9.3.6) on loopback; optionally over TLS (an HTTPS proxy) and requiring
/// <c>Proxy-Authorization: Basic</c> (answering 407 with a Basic challenge otherwise).
/// </summary>
internal sealed class ConnectProxy(X509Certificate2? tlsCertificate = null, string? basicCredentials = null) : TunnelProxy
{
    private int _handshakes;

    /// <summary>TLS handshakes that completed (HTTPS proxy only).</summary>
    public int CompletedTlsHandshakes => Volatile.Read(ref _handshakes);

    /// <summary><c>Proxy-Authorization</c> values received.</summary>
    public List<string> ProxyAuthorizations { get; } = [];

    protected override async Task<Stream> WrapAsync(Stream raw, CancellationToken cancellationToken)
    {
        if (tlsCertificate is null)
        {
            return raw;
        }

        var tls = new SslStream(raw);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = tlsCertificate },
            cancellationToken);
        Interlocked.Increment(ref _handshakes);
        return tls;
    }

    protected override async Task<(string Host, int Port)?> NegotiateAsync(Stream client, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(client, cancellationToken);
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0] != "CONNECT")
        {
            await WriteAsync(client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n", cancellationToken);
            return null;
        }

        var authorization = lines.Skip(1)
            .FirstOrDefault(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))?
            .Split(':', 2)[1].Trim();
        if (authorization is not null)
        {
            lock (ProxyAuthorizations)
            {
                ProxyAuthorizations.Add(authorization);
            }
        }

        if (basicCredentials is not null &&
            authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basicCredentials)))
        {
            await WriteAsync(client, "HTTP/1.1 407 Proxy Authentication Required\r\n" +
                "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", cancellationToken);
            return null;
        }

        var colon = parts[1].LastIndexOf(':');
        return (parts[1][..colon].Trim('[', ']'), int.Parse(parts[1][(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override Task ConfirmAsync(Stream client, CancellationToken cancellationToken) =>
        WriteAsync(client, "HTTP/1.1 200 Connection established\r\n\r\n", cancellationToken);

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the client closed before the end of the request head");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static async Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
