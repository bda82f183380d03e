using System.Collections.Immutable;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The in-memory set of clusters, fed by informers or local files. Reads never call the hub: the request path
/// reads <see cref="Snapshot"/>, an immutable dictionary swapped atomically on every change.
/// </summary>
/// <remarks>
/// Every change is recorded at a revision: strictly increasing across batches, the hub Secret's
/// <c>resourceVersion</c> when the source knows it (so stateless replicas agree), else the next local number.
/// An entry's <see cref="ClusterEntry.Revision"/> and its ClusterGateway's <c>metadata.resourceVersion</c> are the
/// revision of its last change. A bounded history of recent changes lets a watch resume from a revision.
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
    /// <returns>The subscription; its <see cref="ClusterSubscription.Replay"/> is null when the history no longer
    /// reaches back to <paramref name="afterRevision"/> (a watch then answers 410 Expired).</returns>
    ClusterSubscription Subscribe(long? afterRevision);
}
