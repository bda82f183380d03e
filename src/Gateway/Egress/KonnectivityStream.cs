using System.Threading.Channels;
using ClusterGateway.Gateway.Egress.Konnectivity;
using Google.Protobuf;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// One tunnelled TCP connection over a konnectivity gRPC call: writes become DATA packets, DATA packets from the
/// server become reads; CLOSE_RSP or the end of the call is end of stream. Disposing sends CLOSE_REQ and ends the call.
/// </summary>
internal sealed class KonnectivityStream(
    long connectId, ChannelWriter<Packet> outgoing, Stream incoming, HttpResponseMessage response) : Stream
{
    private ReadOnlyMemory<byte> _pending;
    private bool _ended;
    private int _disposed;

    /// <summary>The server's id of this connection.</summary>
    public long ConnectId => connectId;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending.IsEmpty && !_ended)
        {
            var packet = await GrpcFrames.ReadAsync(incoming, Packet.Parser, cancellationToken);
            switch (packet)
            {
                case null or { Type: PacketType.CloseRsp }:
                    _ended = true;
                    break;
                case { Type: PacketType.Data, Data: { } data } when data.ConnectID == connectId:
                    if (data.Error.Length > 0)
                    {
                        throw new IOException($"konnectivity connection {connectId} failed: {data.Error}");
                    }

                    _pending = data.Data_.Memory;
                    break;
            }
        }

        if (_pending.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var data = new Data { ConnectID = connectId, Data_ = ByteString.CopyFrom(buffer.Span) };
        await outgoing.WriteAsync(new Packet { Type = PacketType.Data, Data = data }, cancellationToken);
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            outgoing.TryWrite(new Packet { Type = PacketType.CloseReq, CloseRequest = new CloseRequest { ConnectID = connectId } });
            outgoing.TryComplete();
            await incoming.DisposeAsync();
            response.Dispose();
        }

        await base.DisposeAsync();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            outgoing.TryWrite(new Packet { Type = PacketType.CloseReq, CloseRequest = new CloseRequest { ConnectID = connectId } });
            outgoing.TryComplete();
            incoming.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
