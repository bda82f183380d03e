namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// The plaintext side of an HTTP/1.1 connection to a cluster: writes pass through, except that a
/// <see cref="RepeatedHeaderLines"/> marker line is replaced by the lines it packs. Nothing is ever held back (the
/// handler does not necessarily flush, so held bytes could stall a request): SocketsHttpHandler writes a request's
/// header block from one buffer, so the marker line arrives whole; were it ever split, it passes through unexpanded
/// and the cluster sees fewer groups, never more.
/// </summary>
/// <param name="inner">The connection stream (after TLS).</param>
internal sealed class RepeatedHeaderStream(Stream inner) : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => inner.CanRead;

    /// <inheritdoc/>
    public override bool CanWrite => inner.CanWrite;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var data = buffer;
        while (true)
        {
            var start = data.Span.IndexOf(RepeatedHeaderLines.LineStart);
            var valueStart = start + RepeatedHeaderLines.LineStart.Length;
            var valueLength = start < 0 ? -1 : data.Span[valueStart..].IndexOf("\r\n"u8);
            if (valueLength < 0)
            {
                await inner.WriteAsync(data, cancellationToken);
                return;
            }

            await inner.WriteAsync(data[..start], cancellationToken);
            await inner.WriteAsync(RepeatedHeaderLines.Decode(data.Span.Slice(valueStart, valueLength)), cancellationToken);
            data = data[(valueStart + valueLength)..];
        }
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
