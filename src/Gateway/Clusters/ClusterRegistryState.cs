using System.Collections.Immutable;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// The registry's clusters and the revision they are at, published together so a list response and its
/// <c>metadata.resourceVersion</c> always agree.
/// </summary>
/// <param name="Clusters">All clusters by name (ordinal), valid and invalid.</param>
/// <param name="Revision">The revision of the last change (or of the last source sync that named one); 0 when empty.</param>
internal sealed record ClusterRegistryState(ImmutableSortedDictionary<string, ClusterEntry> Clusters, long Revision)
{
    /// <summary>The empty registry at revision 0.</summary>
    public static ClusterRegistryState Empty { get; } =
        new(ImmutableSortedDictionary.Create<string, ClusterEntry>(StringComparer.Ordinal), 0);
}
