using System.Collections.Immutable;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>An <see cref="IClusterRegistry"/> whose snapshot the test sets.</summary>
internal sealed class TestClusterRegistry : IClusterRegistry
{
    public ImmutableSortedDictionary<string, ClusterEntry> Snapshot { get; private set; } =
        ImmutableSortedDictionary.Create<string, ClusterEntry>(StringComparer.Ordinal);

    public bool IsSynced => true;

#pragma warning disable CS0067 // The API surface under test never subscribes.
    public event Action<IReadOnlyList<ClusterChange>>? Changed;
#pragma warning restore CS0067

    /// <summary>Replaces the snapshot with <paramref name="entries"/>.</summary>
    public void Set(params ClusterEntry[] entries) =>
        Snapshot = entries.ToImmutableSortedDictionary(entry => entry.Name, entry => entry, StringComparer.Ordinal);

    public static ClusterEntry Valid(V1Alpha1ClusterGateway gateway) =>
        new(gateway.Metadata.Name!, gateway, null, $"Secret test/{gateway.Metadata.Name}");

    public static ClusterEntry Invalid(string name, string error) => new(name, null, error, $"Secret test/{name}");
}
