namespace ClusterGateway.TestSupport.Streaming;

/// <summary>A write-only stream that sends every write as one message on a WebSocket channel (stdout, stderr).</summary>
internal sealed class WebSocketChannelStream(WebSocketChannelSender sender, byte channel) : AsyncOnlyStream
{
    public override bool CanRead => false;

    public override bool CanWrite => true;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty ? ValueTask.CompletedTask : new(sender.SendAsync(channel, buffer, cancellationToken));

}
