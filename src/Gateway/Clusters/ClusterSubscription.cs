using System.Threading.Channels;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// A change feed opened by <see cref="IClusterRegistry.Subscribe"/>: the state at subscription, the replayed changes
/// after the requested revision, and every later change in revision order. A subscriber that falls
/// <see cref="ClusterRegistry.SubscriberCapacity"/> changes behind is dropped: <see cref="Changes"/> completes with a
/// <see cref="ClusterSubscriptionOverflowException"/> (kube-apiserver closes slow watchers the same way).
/// </summary>
internal sealed class ClusterSubscription : IDisposable
{
    private readonly Action<ClusterSubscription> _unsubscribe;
    private int _disposed;

    /// <summary>Created by the registry under its lock.</summary>
    /// <param name="start">The state when subscribing.</param>
    /// <param name="replay">Changes after the requested revision, or null when it is too old.</param>
    /// <param name="oldestRevision">The oldest revision a feed may resume from.</param>
    /// <param name="changes">Later changes.</param>
    /// <param name="unsubscribe">Removes the subscriber from the registry.</param>
    public ClusterSubscription(ClusterRegistryState start, IReadOnlyList<ClusterChange>? replay, long oldestRevision,
        ChannelReader<ClusterChange> changes, Action<ClusterSubscription> unsubscribe)
    {
        Start = start;
        Replay = replay;
        OldestRevision = oldestRevision;
        Changes = changes;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The clusters and revision at subscription.</summary>
    public ClusterRegistryState Start { get; }

    /// <summary>
    /// Recorded changes with a revision greater than the requested one, oldest first (empty when none or when no
    /// revision was requested); null when the history no longer reaches back that far.
    /// </summary>
    public IReadOnlyList<ClusterChange>? Replay { get; }

    /// <summary>The oldest revision a feed may resume from, for the <c>too old resource version</c> message.</summary>
    public long OldestRevision { get; }

    /// <summary>Changes after <see cref="Start"/>, in order.</summary>
    public ChannelReader<ClusterChange> Changes { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
        }
    }
}
