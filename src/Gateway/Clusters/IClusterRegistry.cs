using System.Collections.Immutable;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The in-memory set of clusters, fed by informers or local files. Reads never call the hub: the request path
/// reads <see cref="Snapshot"/>, an immutable dictionary swapped atomically on every change.
/// </summary>
internal interface IClusterRegistry
{
    /// <summary>All clusters by name (ordinal), valid and invalid.</summary>
    ImmutableSortedDictionary<string, ClusterEntry> Snapshot { get; }

    /// <summary>Whether every source has delivered its initial state.</summary>
    bool IsSynced { get; }

    /// <summary>
    /// Raised after <see cref="Snapshot"/> changed, with the old and new entry of each changed name, and once (with
    /// an empty list when nothing changed) when <see cref="IsSynced"/> becomes true.
    /// </summary>
    event Action<IReadOnlyList<ClusterChange>>? Changed;
}

/// <summary>One cluster's change: <see cref="Old"/> is null when added, <see cref="New"/> is null when removed.</summary>
/// <param name="Name">Cluster name.</param>
/// <param name="Old">Previous entry.</param>
/// <param name="New">Current entry.</param>
internal sealed record ClusterChange(string Name, ClusterEntry? Old, ClusterEntry? New);
