using System.Buffers.Binary;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// Writes SPDY/3 frames (spdy-protocol-draft3 §2.6) to a byte stream, one whole frame per write, serialized by a lock
/// that also keeps header compression in wire order. Thread-safe.
/// </summary>
internal sealed class SpdyFrameWriter(Stream output) : IAsyncDisposable
{
    private const int Version = 3;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SpdyHeaderCompressor _compressor = new();
    private bool _disposed;

    public Task WriteSynStreamAsync(uint streamId, byte flags, IEnumerable<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.SynStream, flags, () =>
        {
            var block = _compressor.Compress(SpdyHeaderBlock.Encode(headers));
            var payload = new byte[10 + block.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
            block.CopyTo(payload, 10);
            return payload;
        }, cancellationToken);

    public Task WriteSynReplyAsync(uint streamId, byte flags, IEnumerable<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.SynReply, flags, () =>
        {
            var block = _compressor.Compress(SpdyHeaderBlock.Encode(headers));
            var payload = new byte[4 + block.Length];
            BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
            block.CopyTo(payload, 4);
            return payload;
        }, cancellationToken);

    public Task WriteRstStreamAsync(uint streamId, uint status, CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.RstStream, 0, () => Words(streamId, status), cancellationToken);

    public Task WriteGoAwayAsync(uint lastGoodStreamId, uint status, CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.GoAway, 0, () => Words(lastGoodStreamId, status), cancellationToken);

    public Task WriteWindowUpdateAsync(uint streamId, uint delta, CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.WindowUpdate, 0, () => Words(streamId, delta), cancellationToken);

    public Task WritePingAsync(uint id, CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.Ping, 0, () => Words(id), cancellationToken);

    public Task WriteSettingsAsync(IReadOnlyList<KeyValuePair<uint, uint>> settings,
        CancellationToken cancellationToken) =>
        WriteControlAsync(SpdyFrameType.Settings, 0, () =>
        {
            var payload = new byte[4 + (settings.Count * 8)];
            BinaryPrimitives.WriteInt32BigEndian(payload, settings.Count);
            for (var i = 0; i < settings.Count; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4 + (i * 8)), settings[i].Key & 0x00ffffff);
                BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(8 + (i * 8)), settings[i].Value);
            }

            return payload;
        }, cancellationToken);

    /// <summary>Writes one data frame (at most 2^24-1 bytes).</summary>
    public async Task WriteDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin,
        CancellationToken cancellationToken)
    {
        var frame = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7fffffff);
        WriteFlagsAndLength(frame, fin ? SpdyFrame.FlagFin : (byte)0, data.Length);
        data.CopyTo(frame.AsMemory(8));
        await WriteFrameAsync(frame, cancellationToken);
    }

    /// <summary>Waits for a write in progress, then frees the compressor; later writes throw.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _compressor.Dispose();
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WriteControlAsync(SpdyFrameType type, byte flags, Func<byte[]> buildPayload,
        CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();
            // Built under the lock: compressed header blocks must reach the wire in compression order.
            var payload = buildPayload();
            var frame = new byte[8 + payload.Length];
            BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)type);
            WriteFlagsAndLength(frame, flags, payload.Length);
            payload.CopyTo(frame, 8);
            await output.WriteAsync(frame, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WriteFrameAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ThrowIfClosed();
            await output.WriteAsync(frame, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (_disposed)
        {
            throw new IOException("the SPDY connection is closed");
        }
    }

    private static void WriteFlagsAndLength(byte[] frame, byte flags, int length)
    {
        frame[4] = flags;
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }

    private static byte[] Words(params uint[] words)
    {
        var payload = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(i * 4), words[i]);
        }

        return payload;
    }
}
