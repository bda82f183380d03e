using System.Collections.Concurrent;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// The receive side of flow control: as the application reads a stream, reopen the peer's stream and session
/// windows with WINDOW_UPDATE frames, batched per 16 KiB (spdy-protocol-draft3 §2.6.8; the session window is
/// SPDY/3.1's). A peer that ignores flow control (moby/spdystream) ignores these too. Thread-safe.
/// </summary>
internal sealed class SpdyWindowUpdater(SpdyFrameWriter writer)
{
    private const int Threshold = 16 * 1024;
    private readonly ConcurrentDictionary<uint, int> _pending = new();
    private int _sessionPending;

    /// <summary>The application read <paramref name="count"/> bytes of stream <paramref name="streamId"/>.</summary>
    public async ValueTask ConsumedAsync(uint streamId, int count, CancellationToken cancellationToken)
    {
        var pending = _pending.AddOrUpdate(streamId, count, (_, previous) => previous + count);
        var session = Interlocked.Add(ref _sessionPending, count);
        try
        {
            if (pending >= Threshold)
            {
                _pending.AddOrUpdate(streamId, 0, (_, previous) => previous - pending);
                await writer.WriteWindowUpdateAsync(streamId, (uint)pending, cancellationToken);
            }

            if (session >= Threshold)
            {
                Interlocked.Add(ref _sessionPending, -session);
                await writer.WriteWindowUpdateAsync(0, (uint)session, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The session is going away; the data was read all the same.
        }
    }
}
