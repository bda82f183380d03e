using System.Net.WebSockets;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// Sends the channel-prefixed binary messages of the <c>channel.k8s.io</c> WebSocket protocols (first byte the
/// channel, then the payload; apimachinery wsstream/conn.go), one message at a time: a WebSocket allows one sender.
/// </summary>
internal sealed class WebSocketChannelSender(WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public WebSocket Socket => socket;

    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = new byte[payload.Length + 1];
        message[0] = channel;
        payload.CopyTo(message.AsMemory(1));
        await SendRawAsync(message, cancellationToken);
    }

    /// <summary>Sends one binary message as is (the SPDY tunnel's bytes).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Sends a normal-closure close frame (best effort).</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
