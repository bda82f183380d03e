using System.Collections.Immutable;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>
/// A real <see cref="ClusterRegistry"/> with one source, <c>test</c>, whose content the test sets: revisions, history
/// and change feeds behave exactly as in the gateway.
/// </summary>
internal sealed class TestClusterRegistry : IClusterRegistry
{
    public const string SourceId = "test";

    public TestClusterRegistry(int historyCapacity = ClusterRegistry.DefaultHistoryCapacity,
        ClusterRevisionScheme? scheme = null)
    {
        Inner = new ClusterRegistry(NullLogger<ClusterRegistry>.Instance, historyCapacity, scheme);
        Inner.AddSource(SourceId);
        Inner.Replace(SourceId, []);
    }

    public event Action<IReadOnlyList<ClusterChange>>? Changed
    {
        add => Inner.Changed += value;
        remove => Inner.Changed -= value;
    }

    public ClusterRegistry Inner { get; }

    public ImmutableSortedDictionary<string, ClusterEntry> Snapshot => Inner.Snapshot;

    public ClusterRegistryState State => Inner.State;

    public bool IsSynced => Inner.IsSynced;

    public ClusterSubscription Subscribe(long? afterRevision) => Inner.Subscribe(afterRevision);

    /// <summary>Replaces the clusters with <paramref name="entries"/> (one write: a reload, or in hub mode a relist).</summary>
    public void Set(params ClusterEntry[] entries) => Inner.Replace(SourceId, entries);

    /// <summary>Adds or replaces one cluster; <paramref name="revision"/> as a hub Secret event would give it.</summary>
    public void Upsert(ClusterEntry entry, long? revision = null) => Inner.Upsert(SourceId, entry, revision);

    public void Remove(string name, long? revision = null) => Inner.Remove(SourceId, name, revision);

    public static ClusterEntry Valid(V1Alpha1ClusterGateway gateway) =>
        new(gateway.Metadata.Name!, gateway, null, $"Secret test/{gateway.Metadata.Name}");

    public static ClusterEntry Invalid(string name, string error) => new(name, null, error, $"Secret test/{name}");
}
