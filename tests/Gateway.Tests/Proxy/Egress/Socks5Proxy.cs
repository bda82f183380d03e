using System.Net;
using System.Text;

namespace ClusterGateway.Gateway.Tests.Proxy.Egress;

/// <summary>
/// A SOCKS5 proxy (RFC 1928, CONNECT only) on loopback, without authentication or with username/password
/// (RFC 1929). Records the address type each request used (1 IPv4, 3 domain name, 4 IPv6).
/// </summary>
internal sealed class Socks5Proxy(string? user = null, string? password = null) : TunnelProxy
{
    private const byte Version = 5;

    /// <summary>ATYP of each CONNECT request.</summary>
    public List<byte> AddressTypes { get; } = [];

    protected override async Task<(string Host, int Port)?> NegotiateAsync(Stream client, CancellationToken cancellationToken)
    {
        // Greeting: VER NMETHODS METHODS...
        var greeting = await ReadExactlyAsync(client, 2, cancellationToken);
        var methods = await ReadExactlyAsync(client, greeting[1], cancellationToken);
        var method = user is null ? (byte)0 : (byte)2;
        if (greeting[0] != Version || !methods.Contains(method))
        {
            await client.WriteAsync(new byte[] { Version, 0xFF }, cancellationToken);
            return null;
        }

        await client.WriteAsync(new byte[] { Version, method }, cancellationToken);
        if (user is not null && !await AuthenticateAsync(client, cancellationToken))
        {
            return null;
        }

        // Request: VER CMD RSV ATYP DST.ADDR DST.PORT
        var request = await ReadExactlyAsync(client, 4, cancellationToken);
        lock (AddressTypes)
        {
            AddressTypes.Add(request[3]);
        }

        var host = request[3] switch
        {
            1 => new IPAddress(await ReadExactlyAsync(client, 4, cancellationToken)).ToString(),
            4 => new IPAddress(await ReadExactlyAsync(client, 16, cancellationToken)).ToString(),
            _ => Encoding.ASCII.GetString(await ReadExactlyAsync(client,
                (await ReadExactlyAsync(client, 1, cancellationToken))[0], cancellationToken)),
        };
        var port = await ReadExactlyAsync(client, 2, cancellationToken);
        return (host, (port[0] << 8) | port[1]);
    }

    protected override async Task ConfirmAsync(Stream client, CancellationToken cancellationToken) =>
        await client.WriteAsync(new byte[] { Version, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, cancellationToken);

    private async Task<bool> AuthenticateAsync(Stream client, CancellationToken cancellationToken)
    {
        // RFC 1929: VER(1) ULEN UNAME PLEN PASSWD
        var version = await ReadExactlyAsync(client, 2, cancellationToken);
        var name = Encoding.UTF8.GetString(await ReadExactlyAsync(client, version[1], cancellationToken));
        var length = await ReadExactlyAsync(client, 1, cancellationToken);
        var secret = Encoding.UTF8.GetString(await ReadExactlyAsync(client, length[0], cancellationToken));
        var ok = name == user && secret == password;
        await client.WriteAsync(new byte[] { 1, ok ? (byte)0 : (byte)1 }, cancellationToken);
        return ok;
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}
