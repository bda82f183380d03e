using System.Buffers;
using System.IO.Pipelines;
using ClusterGateway.TestSupport.Streaming;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// One stream of a <see cref="SpdyConnection"/> as a duplex <see cref="Stream"/>: reads return the peer's data frames
/// (0 after its FIN or a reset), writes send data frames within the send window, <see cref="CloseWriteAsync"/> sends
/// FIN (a half-close). Data the peer sends is buffered without bound, so a slow reader never blocks the connection's
/// frame loop (pings, other streams); the window updates this side sends as data is read keep a flow-controlling
/// peer within 64 KiB.
/// </summary>
internal sealed class SpdyStream : AsyncOnlyStream
{
    private const int MaxFrameData = 32 * 1024;
    private readonly SpdyConnection _connection;
    private readonly Pipe _inbound = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0,
        useSynchronizationContext: false));

    private int _finSent;
    private bool _inboundClosed;

    internal SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string[]> headers,
        long sendWindow)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
        SendWindow = new SpdyWindow(sendWindow);
    }

    public uint Id { get; }

    /// <summary>The SYN_STREAM headers (case-insensitive names), e.g. <c>streamtype</c>, <c>port</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    internal SpdyWindow SendWindow { get; }

    /// <summary>The first value of a SYN_STREAM header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Length > 0
        ? values[0]
        : null;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await _inbound.Reader.ReadAsync(cancellationToken);
        var data = result.Buffer;
        var count = (int)Math.Min(buffer.Length, data.Length);
        data.Slice(0, count).CopyTo(buffer.Span);
        _inbound.Reader.AdvanceTo(data.GetPosition(count));
        if (count > 0)
        {
            await _connection.WindowUpdater.ConsumedAsync(Id, count, cancellationToken);
        }

        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer,
        CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var granted = await SendWindow.TakeAsync(Math.Min(buffer.Length, MaxFrameData), cancellationToken);
            var sessionGranted = await _connection.SessionWindow.TakeAsync(granted, cancellationToken);
            SendWindow.Grow(granted - sessionGranted);
            await _connection.Writer.WriteDataAsync(Id, buffer[..sessionGranted], fin: false, cancellationToken);
            buffer = buffer[sessionGranted..];
        }
    }

    /// <summary>Sends FIN: this side will send no more data (once; later calls do nothing).</summary>
    public async Task CloseWriteAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _finSent, 1) == 0)
        {
            await _connection.Writer.WriteDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken);
        }
    }

    /// <summary>Data from the peer (frame loop only).</summary>
    internal async ValueTask ReceiveAsync(ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        if (_inboundClosed)
        {
            return;
        }

        if (!data.IsEmpty)
        {
            await _inbound.Writer.WriteAsync(data, cancellationToken);
        }

        if (fin)
        {
            _inboundClosed = true;
            await _inbound.Writer.CompleteAsync();
        }
    }

    /// <summary>The stream was reset or the connection ended: reads end, writes fail (frame loop only).</summary>
    internal void Abort()
    {
        if (!_inboundClosed)
        {
            _inboundClosed = true;
            _inbound.Writer.Complete();
        }

        SendWindow.Close();
    }
}
