using System.Threading.Channels;
using ClusterGateway.Gateway.Egress.Konnectivity;
using Google.Protobuf;
using Grpc.Core;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// One tunnelled TCP connection over a konnectivity <c>ProxyService.Proxy</c> call (apiserver-network-proxy
/// konnectivity-client/proto/client/client.proto): writes become DATA packets; a reader task turns the server's DATA
/// packets into reads (bounded, so HTTP/2 flow control holds a fast sender back); CLOSE_RSP or the end of the call is
/// end of stream, a DATA error or a failed call an <see cref="IOException"/>.
/// </summary>
/// <remarks>
/// Closing follows konnectivity-client (<c>konnectivity-client/pkg/client/conn.go</c>, <c>Close</c>): send
/// CLOSE_REQ with the connectID, end the request stream, wait up to <see cref="CloseTimeout"/> for CLOSE_RSP (or the
/// end of the call), and only then end (dispose, which cancels) the call; cancelling it outright would leave the
/// proxy-server and the agent to find out late. <see cref="Dispose(bool)"/> - which SocketsHttpHandler calls when it drops a connection - must not
/// block, so it runs that sequence in the background; <see cref="DisposeAsync"/> awaits it.
/// </remarks>
internal sealed class KonnectivityStream : Stream
{
    /// <summary>How long a close waits for CLOSE_RSP (konnectivity-client waits 10 s).</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly long _connectId;
    private readonly ChannelWriter<Packet> _outgoing;
    private readonly AsyncDuplexStreamingCall<Packet, Packet> _call;
    private readonly Task _sending;
    private readonly Channel<ReadOnlyMemory<byte>> _received =
        Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _reader;
    private ReadOnlyMemory<byte> _pending;
    private Task? _close;

    /// <summary>Starts reading the call's packets.</summary>
    /// <param name="connectId">The server's id of this connection (from DIAL_RSP).</param>
    /// <param name="outgoing">The call's request packets (completing it ends the request stream).</param>
    /// <param name="call">The call, its response stream past DIAL_RSP; disposed when the stream is closed.</param>
    /// <param name="sending">What moves <paramref name="outgoing"/> into the call (never fails).</param>
    public KonnectivityStream(long connectId, ChannelWriter<Packet> outgoing, AsyncDuplexStreamingCall<Packet, Packet> call,
        Task sending)
    {
        _connectId = connectId;
        _outgoing = outgoing;
        _call = call;
        _sending = sending;
        _reader = Task.Run(ReadPacketsAsync);
    }

    /// <summary>The server's id of this connection.</summary>
    public long ConnectId => _connectId;

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
        while (_pending.IsEmpty)
        {
            if (!await _received.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            _received.Reader.TryRead(out _pending);
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var data = new Data { ConnectID = _connectId, Data_ = ByteString.CopyFrom(buffer.Span) };
        try
        {
            await _outgoing.WriteAsync(new Packet { Type = PacketType.Data, Data = data }, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new IOException($"konnectivity connection {_connectId} is closed", e);
        }
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
        await StartClose();
        await base.DisposeAsync();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ = StartClose();
        }

        base.Dispose(disposing);
    }

    private Task StartClose()
    {
        lock (_received)
        {
            return _close ??= CloseAsync();
        }
    }

    private async Task CloseAsync()
    {
        // Nobody reads any more: the reader drops data from here on, looking only for the end.
        await _closing.CancelAsync();
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            var close = new Packet { Type = PacketType.CloseReq, CloseRequest = new CloseRequest { ConnectID = _connectId } };
            await _outgoing.WriteAsync(close, timeout.Token);
            _outgoing.TryComplete();
            await _reader.WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // No CLOSE_RSP in time, or the call had already ended: end it anyway.
            _outgoing.TryComplete();
        }
        finally
        {
            _call.Dispose();
            await _reader.ContinueWith(static _ => { }, TaskScheduler.Default);
            await _sending;
            _closing.Dispose();
        }
    }

    private async Task ReadPacketsAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var packet = _call.ResponseStream.Current;
                if (packet.Type == PacketType.CloseRsp)
                {
                    return;
                }

                if (packet is not { Type: PacketType.Data, Data: { } data } || data.ConnectID != _connectId)
                {
                    continue;
                }

                if (data.Error.Length > 0)
                {
                    failure = new IOException($"the cluster-proxy ended connection {_connectId}: {Printable.Clip(data.Error)}");
                    return;
                }

                if (!_closing.IsCancellationRequested)
                {
                    await _received.Writer.WriteAsync(data.Data_.Memory, _closing.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closing: keep looking for CLOSE_RSP without delivering data.
            await DrainAsync();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException
                                      or ObjectDisposedException or InvalidOperationException)
        {
            // The call failed, or was cancelled (the channel closed, or a close gave up waiting for CLOSE_RSP).
            failure = _closing.IsCancellationRequested ? null : new IOException($"konnectivity connection {_connectId} broke", e);
        }
        finally
        {
            _received.Writer.TryComplete(failure);
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None) &&
                   _call.ResponseStream.Current.Type != PacketType.CloseRsp)
            {
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException
                                      or ObjectDisposedException or InvalidOperationException)
        {
            // The call ended or was cut: the close is over either way.
        }
    }
}
