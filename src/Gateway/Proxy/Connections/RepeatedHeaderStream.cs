using ClusterGateway.Gateway.IO;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// The plaintext side of an HTTP/1.1 connection to a cluster: writes pass through, except that a
/// <see cref="RepeatedHeaderLines"/> marker line is replaced by the lines it packs. Nothing is ever held back (the
/// handler does not necessarily flush, so held bytes could stall a request): SocketsHttpHandler writes a request's
/// header block from one buffer, so the marker line arrives whole; were it ever split, it passes through unexpanded
/// and the cluster sees fewer groups, never more.
/// </summary>
/// <param name="inner">The connection stream (after TLS).</param>
internal sealed class RepeatedHeaderStream(Stream inner) : DelegatingStream(inner)
{
    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        // Almost every write has no marker: straight through, without a state machine of ours.
        buffer.Span.IndexOf(RepeatedHeaderLines.LineStart) < 0
            ? Inner.WriteAsync(buffer, cancellationToken)
            : WriteExpandingAsync(buffer, cancellationToken);

    private async ValueTask WriteExpandingAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var data = buffer;
        while (true)
        {
            var start = data.Span.IndexOf(RepeatedHeaderLines.LineStart);
            var valueStart = start + RepeatedHeaderLines.LineStart.Length;
            var valueLength = start < 0 ? -1 : data.Span[valueStart..].IndexOf("\r\n"u8);
            if (valueLength < 0)
            {
                await Inner.WriteAsync(data, cancellationToken);
                return;
            }

            await Inner.WriteAsync(data[..start], cancellationToken);
            await Inner.WriteAsync(RepeatedHeaderLines.Decode(data.Span.Slice(valueStart, valueLength)), cancellationToken);
            data = data[(valueStart + valueLength)..];
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
}
