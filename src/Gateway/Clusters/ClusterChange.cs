namespace ClusterGateway.Gateway.Clusters;

/// <summary>One cluster's change: <see cref="Old"/> is null when added, <see cref="New"/> is null when removed.</summary>
/// <param name="Name">Cluster name.</param>
/// <param name="Old">Previous entry.</param>
/// <param name="New">Current entry.</param>
internal sealed record ClusterChange(string Name, ClusterEntry? Old, ClusterEntry? New)
{
    /// <summary>
    /// The registry revision of the change (<see cref="IClusterRegistry.State"/>), its own: revisions of recorded
    /// changes strictly increase, one per change, also within one batch; <see cref="New"/> carries the same
    /// <see cref="ClusterEntry.Revision"/> (unless the registry reset its history, see <see cref="ClusterRegistry"/>).
    /// </summary>
    public long Revision { get; init; }
}
