namespace ClusterGateway.Gateway.Clusters;

/// <summary>One cluster's change: <see cref="Old"/> is null when added, <see cref="New"/> is null when removed.</summary>
/// <param name="Name">Cluster name.</param>
/// <param name="Old">Previous entry.</param>
/// <param name="New">Current entry.</param>
internal sealed record ClusterChange(string Name, ClusterEntry? Old, ClusterEntry? New)
{
    /// <summary>
    /// The registry revision the change was recorded at (<see cref="IClusterRegistry.State"/>); <see cref="New"/>
    /// carries the same <see cref="ClusterEntry.Revision"/>. Several changes of one batch share a revision.
    /// </summary>
    public long Revision { get; init; }
}
