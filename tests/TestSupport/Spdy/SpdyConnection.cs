using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// The server end of a SPDY/3.1 session as kubelet runs it for exec, attach and port-forward (moby/spdystream
/// semantics, spdy-protocol-draft3): the client opens every stream; each SYN_STREAM is answered at once with an empty
/// SYN_REPLY and handed out by <see cref="AcceptAsync"/>. The frame loop routes data to streams, echoes the client's
/// PINGs, applies SETTINGS (initial window) and WINDOW_UPDATE, and ends at the transport's end or on a protocol error;
/// then every stream's reads end. Owns the transport.
/// </summary>
internal sealed class SpdyConnection : IAsyncDisposable
{
    private const long DefaultWindow = 64 * 1024;

    private readonly Stream _transport;
    private readonly SpdyFrameReader _reader;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly Channel<SpdyStream> _accepted = Channel.CreateUnbounded<SpdyStream>();
    private long _initialWindow = DefaultWindow;
    private volatile bool _peerFlowControl;
    private uint _lastStreamId;

    private SpdyConnection(Stream transport)
    {
        _transport = transport;
        _reader = new SpdyFrameReader(transport);
        Writer = new SpdyFrameWriter(transport);
        WindowUpdater = new SpdyWindowUpdater(Writer);
        Completion = Task.CompletedTask;
    }

    /// <summary>Completes when the frame loop ended (peer gone, protocol error, or disposal).</summary>
    public Task Completion { get; private set; }

    internal SpdyFrameWriter Writer { get; }

    /// <summary>Reopens the peer's windows as streams are read.</summary>
    internal SpdyWindowUpdater WindowUpdater { get; }

    /// <summary>The SPDY/3.1 session send window, shared by all streams.</summary>
    internal SpdyWindow SessionWindow { get; } = new(DefaultWindow);

    /// <summary>Starts serving a session on <paramref name="transport"/> (an upgraded connection or a tunnel).</summary>
    public static SpdyConnection Start(Stream transport)
    {
        var connection = new SpdyConnection(transport);
        connection.Completion = Task.Run(() => connection.RunAsync(connection._stop.Token));
        return connection;
    }

    /// <summary>The next stream the client opened, or null once the session ended.</summary>
    public async ValueTask<SpdyStream?> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Sends GOAWAY (best effort): no new streams; the caller closes the connection next.</summary>
    public async Task GoAwayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Writer.WriteGoAwayAsync(_lastStreamId, 0, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Completion;
        }
        catch (OperationCanceledException)
        {
        }

        await Writer.DisposeAsync();
        _reader.Dispose();
        await _transport.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _reader.ReadAsync(cancellationToken) is { } frame)
            {
                await HandleAsync(frame, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException
            or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // Peer gone, protocol error, or shutdown: the session is over either way.
        }
        finally
        {
            _accepted.Writer.TryComplete();
            foreach (var stream in _streams.Values)
            {
                stream.Abort();
            }

            SessionWindow.Close();
        }
    }

    private async Task HandleAsync(SpdyFrame frame, CancellationToken cancellationToken)
    {
        switch (frame.Type)
        {
            case SpdyFrameType.SynStream:
                var stream = new SpdyStream(this, frame.StreamId, frame.Headers, Interlocked.Read(ref _initialWindow));
                stream.SendWindow.Enforced = _peerFlowControl;
                _streams[frame.StreamId] = stream;
                _lastStreamId = frame.StreamId;
                await Writer.WriteSynReplyAsync(frame.StreamId, 0, [], cancellationToken);
                await stream.ReceiveAsync(ReadOnlyMemory<byte>.Empty, frame.IsFin, cancellationToken);
                _accepted.Writer.TryWrite(stream);
                break;
            case SpdyFrameType.Data when _streams.TryGetValue(frame.StreamId, out var target):
                await target.ReceiveAsync(frame.Data, frame.IsFin, cancellationToken);
                break;
            case SpdyFrameType.RstStream when _streams.TryRemove(frame.StreamId, out var reset):
                reset.Abort();
                break;
            case SpdyFrameType.Settings:
                ApplySettings(frame);
                break;
            case SpdyFrameType.Ping when (frame.Value & 1) == 1:
                // Client pings have odd ids (spdystream): answer with the same frame.
                await Writer.WritePingAsync(frame.Value, cancellationToken);
                break;
            case SpdyFrameType.WindowUpdate:
                ApplyWindowUpdate(frame);
                break;
            default:
                // GOAWAY: the client closes the transport next. HEADERS, unknown types: ignored.
                break;
        }
    }

    private void ApplySettings(SpdyFrame frame)
    {
        foreach (var (id, value) in frame.Settings)
        {
            if (id == SpdyFrame.SettingInitialWindowSize)
            {
                var delta = value - Interlocked.Exchange(ref _initialWindow, value);
                foreach (var stream in _streams.Values)
                {
                    stream.SendWindow.Grow(delta);
                }
            }
        }
    }

    private void ApplyWindowUpdate(SpdyFrame frame)
    {
        if (frame.StreamId == 0)
        {
            SessionWindow.Grow(frame.Value);
            SessionWindow.Enforced = true;
            return;
        }

        _peerFlowControl = true;
        if (_streams.TryGetValue(frame.StreamId, out var stream))
        {
            stream.SendWindow.Grow(frame.Value);
            stream.SendWindow.Enforced = true;
        }
    }
}
