using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// An exec/attach session over WebSocket (<c>v5.channel.k8s.io</c>, <c>v4.channel.k8s.io</c>; apimachinery
/// wsstream/conn.go): binary messages whose first byte is the channel - 0 stdin, 1 stdout, 2 stderr, 3 error (the
/// v1 Status), 4 resize; v5 adds 255, CLOSE, whose payload names the channel the client half-closed (only stdin
/// matters here). Over v4 stdin can only end with the connection. The session ends with a normal-closure close frame.
/// </summary>
internal sealed class WebSocketCommandSession : IRemoteCommandSession
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);
    private readonly WebSocket _socket;
    private readonly WebSocketChannelSender _sender;
    private readonly Pipe? _stdin;
    private readonly bool _closeSignal;
    private readonly Task _receiving;
    private bool _stdinClosed;

    public WebSocketCommandSession(WebSocket socket, string protocol, ExecOptions options)
    {
        _socket = socket;
        _sender = new WebSocketChannelSender(socket);
        _closeSignal = protocol == StreamProtocols.ChannelV5;
        _stdin = options.Stdin ? new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0)) : null;
        Stdin = _stdin?.Reader.AsStream();
        Stdout = options.Stdout ? new WebSocketChannelStream(_sender, StreamProtocols.StdoutChannel) : null;
        Stderr = options.Stderr && !options.Tty
            ? new WebSocketChannelStream(_sender, StreamProtocols.StderrChannel)
            : null;
        _receiving = ReceiveAsync();
    }

    public Stream? Stdin { get; }

    public Stream? Stdout { get; }

    public Stream? Stderr { get; }

    public Task WriteStatusAsync(JsonObject status, CancellationToken cancellationToken) =>
        _sender.SendAsync(StreamProtocols.ErrorChannel, Encoding.UTF8.GetBytes(status.ToJsonString()),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _sender.CloseAsync(CancellationToken.None);
        try
        {
            // Let the client answer the close frame before the connection goes.
            await _receiving.WaitAsync(CloseWait);
        }
        catch (TimeoutException)
        {
        }

        _socket.Abort();
        _socket.Dispose();
        _sender.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await DispatchAsync(message.GetBuffer().AsMemory(0, (int)message.Length));
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException
            or OperationCanceledException)
        {
        }
        finally
        {
            if (_stdin is not null)
            {
                await _stdin.Writer.CompleteAsync();
            }
        }
    }

    private async Task DispatchAsync(ReadOnlyMemory<byte> message)
    {
        if (message.IsEmpty)
        {
            return;
        }

        switch (message.Span[0])
        {
            case StreamProtocols.StdinChannel when _stdin is not null && !_stdinClosed:
                await _stdin.Writer.WriteAsync(message[1..]);
                break;
            case StreamProtocols.CloseChannel when _closeSignal && _stdin is not null && message.Length > 1 &&
                                                 message.Span[1] == StreamProtocols.StdinChannel:
                _stdinClosed = true;
                await _stdin.Writer.CompleteAsync();
                break;
            default:
                // Resize (4) and anything else: nothing to do for a fake process.
                break;
        }
    }
}
