using System.Globalization;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>A read-only forward stream; subclasses implement <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
internal abstract class ReadOnlyBodyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A body of a known length (<see cref="long.MaxValue"/>: until the connection closes).</summary>
internal sealed class LengthBodyStream(BackendConnection connection, long length) : ReadOnlyBodyStream
{
    private long _remaining = length;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.Length == 0)
        {
            return 0;
        }

        var read = await connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        if (read == 0 && _remaining != long.MaxValue)
        {
            throw new IOException("unexpected EOF");
        }

        if (_remaining != long.MaxValue)
        {
            _remaining -= read;
        }

        return read;
    }
}

/// <summary>A <c>Transfer-Encoding: chunked</c> body, decoded; trailers are read and dropped.</summary>
internal sealed class ChunkedBodyStream(BackendConnection connection) : ReadOnlyBodyStream
{
    private long _chunkLeft;
    private bool _done;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.Length == 0)
        {
            return 0;
        }

        if (_chunkLeft == 0)
        {
            var sizeLine = await connection.ReadLineAsync(cancellationToken) ?? throw new IOException("unexpected EOF");
            var size = sizeLine.Split(';', 2)[0].Trim();
            if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _chunkLeft))
            {
                throw new IOException($"malformed chunk size \"{sizeLine}\"");
            }

            if (_chunkLeft == 0)
            {
                while (await connection.ReadLineAsync(cancellationToken) is { Length: > 0 })
                {
                }

                _done = true;
                return 0;
            }
        }

        var read = await connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _chunkLeft)], cancellationToken);
        if (read == 0)
        {
            throw new IOException("unexpected EOF");
        }

        _chunkLeft -= read;
        if (_chunkLeft == 0)
        {
            await connection.ReadLineAsync(cancellationToken);
        }

        return read;
    }
}
