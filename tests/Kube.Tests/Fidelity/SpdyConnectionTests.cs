using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Spdy;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>The fake's SPDY server session, driven frame by frame from a raw client over loopback TCP.</summary>
public sealed class SpdyConnectionTests
{
    [Fact(Timeout = 20_000)]
    public async Task Stream_SynDataPing_RepliesDeliversAndEchoes()
    {
        var (server, client) = await ConnectedPairAsync();
        await using var connection = SpdyConnection.Start(server);
        using var reader = new SpdyFrameReader(client);
        await using var writer = new SpdyFrameWriter(client);
        var ct = new CancellationTokenSource(TestTimeouts.Short).Token;

        await writer.WriteSynStreamAsync(1, 0, [new("streamType", "data"), new("port", "80")], ct);
        (await reader.ReadAsync(ct))!.Should().Match<SpdyFrame>(f => f.Type == SpdyFrameType.SynReply && f.StreamId == 1);
        var stream = (await connection.AcceptAsync(ct))!;
        stream.Header("port").Should().Be("80");

        await writer.WriteDataAsync(1, Encoding.ASCII.GetBytes("hello"), fin: true, ct);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, ct);
        Encoding.ASCII.GetString(received.ToArray()).Should().Be("hello");

        await writer.WritePingAsync(7, ct);
        (await reader.ReadAsync(ct))!.Should().Match<SpdyFrame>(f => f.Type == SpdyFrameType.Ping && f.Value == 7);
    }

    [Fact(Timeout = 20_000)]
    public async Task Write_PeerSentWindowUpdate_SendsOnlyWhatTheWindowAllows()
    {
        var (server, client) = await ConnectedPairAsync();
        await using var connection = SpdyConnection.Start(server);
        using var reader = new SpdyFrameReader(client);
        await using var writer = new SpdyFrameWriter(client);
        var ct = new CancellationTokenSource(TestTimeouts.Short).Token;
        await writer.WriteSynStreamAsync(1, 0, [new("streamType", "data")], ct);
        await reader.ReadAsync(ct);
        var stream = (await connection.AcceptAsync(ct))!;

        // A WINDOW_UPDATE shows the peer does flow control: from now on the 64 KiB window (+1) is enforced. Frames
        // are handled in order, so the PING's echo says the update was applied.
        await writer.WriteWindowUpdateAsync(1, 1, ct);
        await writer.WritePingAsync(9, ct);
        (await reader.ReadAsync(ct))!.Should().Match<SpdyFrame>(f => f.Type == SpdyFrameType.Ping && f.Value == 9);
        stream.SendWindow.Enforced.Should().BeTrue();
        var writing = stream.WriteAsync(new byte[100_000], ct).AsTask();
        (await ReadDataAsync(reader, (64 * 1024) + 1, ct)).Should().Be((64 * 1024) + 1);
        writing.IsCompleted.Should().BeFalse("the window is used up until the peer opens it again");

        await writer.WriteWindowUpdateAsync(1, 50_000, ct);
        (await ReadDataAsync(reader, 100_000 - (64 * 1024) - 1, ct)).Should().Be(100_000 - (64 * 1024) - 1);
        await writing;
    }

    private static async Task<long> ReadDataAsync(SpdyFrameReader reader, long expected, CancellationToken ct)
    {
        long total = 0;
        while (total < expected && await reader.ReadAsync(ct) is { } frame)
        {
            if (frame.Type == SpdyFrameType.Data)
            {
                total += frame.Data.Length;
            }
        }

        return total;
    }

    private static async Task<(Stream Server, Stream Client)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accepting;
        return (server.GetStream(), client.GetStream());
    }
}
