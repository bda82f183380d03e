using System.Threading.Channels;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// A change feed opened by <see cref="IClusterRegistry.Subscribe"/>: the state at subscription, the replayed changes
/// after the requested revision, and every later change in revision order. The registry hands each write's changes
/// over as one batch, so one reload of many clusters never overflows a feed by itself. A feed is closed by the
/// registry, and <see cref="WaitToReadAsync"/> throws, when the reader still holds
/// <see cref="ClusterRegistry.SubscriberCapacity"/> unread changes as the next batch arrives
/// (<see cref="ClusterSubscriptionOverflowException"/>), or when the registry's history was reset by a relist
/// (<see cref="ClusterSubscriptionResetException"/>); a watch answers both with 410 Expired so the client relists.
/// </summary>
internal sealed class ClusterSubscription : IDisposable
{
    private readonly Channel<IReadOnlyList<ClusterChange>> _batches =
        Channel.CreateUnbounded<IReadOnlyList<ClusterChange>>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Action<ClusterSubscription> _unsubscribe;
    private IReadOnlyList<ClusterChange>? _batch;
    private int _next;
    private int _pending;
    private int _disposed;

    /// <summary>Created by the registry under its lock.</summary>
    /// <param name="start">The state when subscribing.</param>
    /// <param name="replay">Changes after the requested revision, or null when it cannot be resumed from.</param>
    /// <param name="oldestRevision">The oldest revision a feed may resume from.</param>
    /// <param name="unsubscribe">Removes the subscriber from the registry.</param>
    public ClusterSubscription(ClusterRegistryState start, IReadOnlyList<ClusterChange>? replay, long oldestRevision,
        Action<ClusterSubscription> unsubscribe)
    {
        Start = start;
        Replay = replay;
        OldestRevision = oldestRevision;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The clusters and revision at subscription.</summary>
    public ClusterRegistryState Start { get; }

    /// <summary>
    /// Recorded changes with a revision greater than the requested one, oldest first (empty when none or when no
    /// revision was requested); null when this registry cannot resume from it (older than the history, or, for
    /// process-local revisions, not issued by this process).
    /// </summary>
    public IReadOnlyList<ClusterChange>? Replay { get; }

    /// <summary>The oldest revision a feed may resume from, for the <c>too old resource version</c> message.</summary>
    public long OldestRevision { get; }

    /// <summary>Changes handed over but not read yet.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Whether the registry closed the feed or it was disposed.</summary>
    public Task Completion => _batches.Reader.Completion;

    /// <summary>Waits until a change can be read.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>False when the feed was disposed.</returns>
    /// <exception cref="ClusterSubscriptionOverflowException">The reader fell too far behind.</exception>
    /// <exception cref="ClusterSubscriptionResetException">The registry's history was reset (a relist).</exception>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) =>
        _batch is not null || await _batches.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Reads the next change, if one is there.</summary>
    /// <param name="change">The change.</param>
    /// <returns>Whether a change was read.</returns>
    public bool TryRead(out ClusterChange change)
    {
        if (_batch is null)
        {
            if (!_batches.Reader.TryRead(out var batch))
            {
                change = null!;
                return false;
            }

            (_batch, _next) = (batch, 0);
        }

        change = _batch[_next++];
        if (_next == _batch.Count)
        {
            _batch = null;
        }

        Interlocked.Decrement(ref _pending);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _batches.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Called by the registry under its lock: hands <paramref name="batch"/> over, unless the reader still holds
    /// <paramref name="capacity"/> or more unread changes.
    /// </summary>
    /// <param name="batch">One write's changes (not empty).</param>
    /// <param name="capacity">The most unread changes a reader may hold when a batch arrives.</param>
    /// <returns>False when the reader is too far behind (the feed is then closed with an overflow).</returns>
    internal bool TryDeliver(IReadOnlyList<ClusterChange> batch, int capacity)
    {
        if (Pending >= capacity)
        {
            Close(new ClusterSubscriptionOverflowException(
                $"The watch fell behind by more than {capacity} changes and was closed."));
            return false;
        }

        Interlocked.Add(ref _pending, batch.Count);
        return _batches.Writer.TryWrite(batch);
    }

    /// <summary>Ends the feed with <paramref name="reason"/>, thrown by the reader's next wait after what it holds.</summary>
    /// <param name="reason">Why.</param>
    internal void Close(Exception reason) => _batches.Writer.TryComplete(reason);
}
