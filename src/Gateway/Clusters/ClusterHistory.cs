namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The last <c>capacity</c> changes of the registry, for resuming watches (kube-apiserver's watch cache keeps a
/// similar window and answers older resourceVersions with 410 Expired, apiserver
/// <c>pkg/storage/cacher/watch_cache.go</c>). Not thread-safe: the registry's lock guards it.
/// </summary>
/// <param name="capacity">How many changes to keep (at least 1).</param>
internal sealed class ClusterHistory(int capacity)
{
    private readonly Queue<ClusterChange> _changes = new();

    /// <summary>
    /// The oldest revision a feed may resume from: every change after it is still held. It rises when changes are
    /// evicted and when the registry first syncs (what happened before the initial load is unknown).
    /// </summary>
    public long Floor { get; private set; }

    /// <summary>Number of changes held.</summary>
    public int Count => _changes.Count;

    /// <summary>Records a change, evicting the oldest beyond capacity.</summary>
    /// <param name="change">The change; revisions must not decrease.</param>
    public void Add(ClusterChange change)
    {
        _changes.Enqueue(change);
        while (_changes.Count > Math.Max(1, capacity))
        {
            Floor = Math.Max(Floor, _changes.Dequeue().Revision);
        }
    }

    /// <summary>Forbids resuming from before <paramref name="revision"/>.</summary>
    /// <param name="revision">The new floor (ignored when lower than the current one).</param>
    public void RaiseFloor(long revision) => Floor = Math.Max(Floor, revision);

    /// <summary>The changes after <paramref name="revision"/>, oldest first; null when it is below <see cref="Floor"/>.</summary>
    /// <param name="revision">The resume point.</param>
    /// <returns>The changes, or null when too old.</returns>
    public IReadOnlyList<ClusterChange>? After(long revision) =>
        revision < Floor ? null : [.. _changes.Where(change => change.Revision > revision)];
}
