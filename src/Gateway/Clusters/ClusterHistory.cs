namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The last <c>capacity</c> changes of the registry, for resuming watches (kube-apiserver's watch cache keeps a
/// similar window and answers older resourceVersions with 410 Expired, apiserver
/// <c>pkg/storage/cacher/watch_cache.go</c>). The newest batch is always kept whole, however large, so a watcher
/// that fell behind during one reload can resume inside it. Not thread-safe: the registry's lock guards it.
/// </summary>
/// <param name="capacity">How many changes to keep (at least 1) beyond the newest batch.</param>
internal sealed class ClusterHistory(int capacity)
{
    private readonly Queue<ClusterChange> _changes = new();

    /// <summary>
    /// The oldest revision a feed may resume from: every change after it is still held. It rises when changes are
    /// evicted and when the registry's state is replaced without recording changes (first sync, relist).
    /// </summary>
    public long Floor { get; private set; }

    /// <summary>Number of changes held.</summary>
    public int Count => _changes.Count;

    /// <summary>Records one write's changes, then evicts the oldest beyond capacity, never from this batch.</summary>
    /// <param name="batch">The changes; revisions strictly increase.</param>
    public void Add(IReadOnlyList<ClusterChange> batch)
    {
        foreach (var change in batch)
        {
            _changes.Enqueue(change);
        }

        while (_changes.Count > Math.Max(Math.Max(1, capacity), batch.Count))
        {
            Floor = Math.Max(Floor, _changes.Dequeue().Revision);
        }
    }

    /// <summary>Forgets every change and forbids resuming from before <paramref name="revision"/>.</summary>
    /// <param name="revision">The new floor (ignored when lower than the current one).</param>
    public void Reset(long revision)
    {
        _changes.Clear();
        RaiseFloor(revision);
    }

    /// <summary>Forbids resuming from before <paramref name="revision"/>.</summary>
    /// <param name="revision">The new floor (ignored when lower than the current one).</param>
    public void RaiseFloor(long revision) => Floor = Math.Max(Floor, revision);

    /// <summary>
    /// The changes after <paramref name="revision"/>, oldest first; null when it is below <see cref="Floor"/> or above
    /// <paramref name="limit"/>.
    /// </summary>
    /// <param name="revision">The resume point.</param>
    /// <param name="limit">The highest revision that can be resumed from; null for no limit.</param>
    /// <returns>The changes, or null when it cannot be resumed from.</returns>
    public IReadOnlyList<ClusterChange>? After(long revision, long? limit = null) =>
        revision < Floor || revision > limit ? null : [.. _changes.Where(change => change.Revision > revision)];
}
