using System.Net.WebSockets;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// A byte stream over WebSocket binary messages, the server half of client-go's TunnelingConnection
/// (tools/portforward/tunneling_connection.go): message boundaries mean nothing, reads continue across messages,
/// each write is one message; the peer's close frame is end of stream.
/// </summary>
internal sealed class WebSocketTunnelStream(WebSocket socket) : AsyncOnlyStream
{
    private readonly WebSocketChannelSender _sender = new(socket);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return 0;
            }

            if (result.Count > 0 || buffer.IsEmpty)
            {
                return result.Count;
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(_sender.SendRawAsync(buffer, cancellationToken));

    public override async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _sender.CloseAsync(timeout.Token);
        socket.Abort();
        socket.Dispose();
        _sender.Dispose();
        await base.DisposeAsync();
    }
}
