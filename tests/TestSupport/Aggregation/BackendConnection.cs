using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// One HTTP/1.1 connection to an aggregated API server over TLS, with a read buffer so the response head can be parsed
/// line by line and the rest (a body, or an upgraded protocol's first bytes) is read from the same stream. Writes go
/// straight to TLS. Disposing closes the socket.
/// </summary>
internal sealed class BackendConnection(TcpClient tcp, SslStream tls) : Stream
{
    private const int MaxLine = 64 * 1024;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads one line ending in CRLF (or LF), without the terminator; null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Count == 0 ? null : throw new IOException("unexpected EOF in an HTTP line");
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.AddRange(_buffer.AsSpan(_start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (line.Count > MaxLine)
            {
                throw new IOException("HTTP line too long");
            }

            if (newline >= 0)
            {
                if (line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return Encoding.Latin1.GetString([.. line]);
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_start < _end)
        {
            var count = Math.Min(buffer.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(buffer);
            _start += count;
            return count;
        }

        return await tls.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        tls.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        tls.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => tls.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => tls.FlushAsync(cancellationToken);

    public override void Flush() => tls.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            tls.Dispose();
            tcp.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await tls.DisposeAsync();
        tcp.Dispose();
        await base.DisposeAsync();
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await tls.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
