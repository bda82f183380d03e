using System.Collections.Immutable;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The in-memory set of clusters, fed by informers or local files. Reads never call the hub: the request path
/// reads <see cref="Snapshot"/>, an immutable dictionary swapped atomically on every change.
/// </summary>
/// <remarks>
/// Every change is recorded at its own revision, strictly increasing: in hub mode the hub's <c>resourceVersion</c> of
/// the change (so replicas agree), else the next number of this process (see <see cref="ClusterRevisionScheme"/>).
/// An entry's <see cref="ClusterEntry.Revision"/> and its ClusterGateway's <c>metadata.resourceVersion</c> are the
/// revision of its last change. A bounded history of recent changes lets a watch resume from a revision; what it
/// cannot replay exactly (too old, a relist, another process's revision) it refuses, so a watch answers 410.
/// </remarks>
internal interface IClusterRegistry
{
    /// <summary>All clusters by name (ordinal), valid and invalid; the same as <see cref="State"/>.Clusters.</summary>
    ImmutableSortedDictionary<string, ClusterEntry> Snapshot { get; }

    /// <summary>The clusters together with the revision they are at.</summary>
    ClusterRegistryState State { get; }

    /// <summary>Whether every source has delivered its initial state.</summary>
    bool IsSynced { get; }

    /// <summary>
    /// Raised after <see cref="Snapshot"/> changed, with the old and new entry of each changed name, and once (with
    /// an empty list when nothing changed) when <see cref="IsSynced"/> becomes true.
    /// </summary>
    event Action<IReadOnlyList<ClusterChange>>? Changed;

    /// <summary>
    /// Starts a change feed: atomically captures the current state, the recorded changes after
    /// <paramref name="afterRevision"/> (when given) and subscribes to every later change. Dispose it to unsubscribe.
    /// </summary>
    /// <param name="afterRevision">Resume point; null when the caller starts from the captured state.</param>
    /// <returns>The subscription; its <see cref="ClusterSubscription.Replay"/> is null when the registry cannot resume
    /// from <paramref name="afterRevision"/> (a watch then answers 410 Expired).</returns>
    ClusterSubscription Subscribe(long? afterRevision);
}
