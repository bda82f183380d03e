using System.Collections.Immutable;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Merges the clusters of several sources (the hub Secret informer, a manifest folder, an imported kubeconfig) into
/// one immutable snapshot. Sources are ordered by registration: when two define the same name, the first wins and
/// the conflict is logged. Writers serialize on a lock; readers only read the volatile snapshot.
/// </summary>
internal sealed partial class ClusterRegistry(ILogger<ClusterRegistry> logger) : IClusterRegistry
{
    private readonly Lock _lock = new();

    // Guarded by _lock: per source, its clusters by name; the list keeps registration order.
    private readonly List<(string Id, Dictionary<string, ClusterEntry> Entries, bool Synced)> _sources = [];

    private volatile ImmutableSortedDictionary<string, ClusterEntry> _snapshot =
        ImmutableSortedDictionary.Create<string, ClusterEntry>(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ImmutableSortedDictionary<string, ClusterEntry> Snapshot => _snapshot;

    /// <inheritdoc/>
    public bool IsSynced
    {
        get
        {
            lock (_lock)
            {
                return _sources.TrueForAll(s => s.Synced);
            }
        }
    }

    /// <inheritdoc/>
    public event Action<IReadOnlyList<ClusterChange>>? Changed;

    /// <summary>Registers a source; sources registered earlier win name conflicts. Idempotent.</summary>
    /// <param name="sourceId">Stable id, e.g. <c>secrets</c> or a folder path.</param>
    public void AddSource(string sourceId)
    {
        lock (_lock)
        {
            if (_sources.FindIndex(s => s.Id == sourceId) < 0)
            {
                _sources.Add((sourceId, new Dictionary<string, ClusterEntry>(StringComparer.Ordinal), false));
            }
        }
    }

    /// <summary>Replaces everything a source defines (initial load, relist, folder reload) and marks it synced.</summary>
    /// <param name="sourceId">A registered source.</param>
    /// <param name="entries">Its complete set of clusters.</param>
    public void Replace(string sourceId, IEnumerable<ClusterEntry> entries)
    {
        lock (_lock)
        {
            var index = IndexOf(sourceId);
            var (_, old, _) = _sources[index];
            var fresh = new Dictionary<string, ClusterEntry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (!fresh.TryAdd(entry.Name, entry))
                {
                    Log.DuplicateInSource(logger, entry.Name, entry.Source, fresh[entry.Name].Source);
                }
            }

            var wasSynced = _sources.TrueForAll(s => s.Synced);
            _sources[index] = (sourceId, fresh, true);
            Publish(old.Keys.Union(fresh.Keys, StringComparer.Ordinal),
                announceSync: !wasSynced && _sources.TrueForAll(s => s.Synced));
        }
    }

    /// <summary>Adds or replaces one cluster of a source.</summary>
    /// <param name="sourceId">A registered source.</param>
    /// <param name="entry">The cluster.</param>
    public void Upsert(string sourceId, ClusterEntry entry)
    {
        lock (_lock)
        {
            _sources[IndexOf(sourceId)].Entries[entry.Name] = entry;
            Publish([entry.Name]);
        }
    }

    /// <summary>Removes one cluster of a source; no-op when absent.</summary>
    /// <param name="sourceId">A registered source.</param>
    /// <param name="name">Cluster name.</param>
    public void Remove(string sourceId, string name)
    {
        lock (_lock)
        {
            if (_sources[IndexOf(sourceId)].Entries.Remove(name))
            {
                Publish([name]);
            }
        }
    }

    private int IndexOf(string sourceId)
    {
        var index = _sources.FindIndex(s => s.Id == sourceId);
        return index >= 0 ? index : throw new InvalidOperationException($"Cluster source {sourceId} is not registered.");
    }

    // Caller holds _lock. Recomputes the winning entry of each name and swaps the snapshot once.
    private void Publish(IEnumerable<string> names, bool announceSync = false)
    {
        var builder = _snapshot.ToBuilder();
        var changes = new List<ClusterChange>();
        foreach (var name in names)
        {
            ClusterEntry? winner = null;
            foreach (var (_, entries, _) in _sources)
            {
                if (entries.TryGetValue(name, out var candidate))
                {
                    if (winner is null)
                    {
                        winner = candidate;
                    }
                    else
                    {
                        Log.ShadowedCluster(logger, name, candidate.Source, winner.Source);
                    }
                }
            }

            builder.TryGetValue(name, out var previous);
            if (ReferenceEquals(previous, winner))
            {
                continue;
            }

            if (winner is null)
            {
                builder.Remove(name);
            }
            else
            {
                builder[name] = winner;
            }

            changes.Add(new ClusterChange(name, previous, winner));
        }

        if (changes.Count > 0)
        {
            _snapshot = builder.ToImmutable();
        }

        if (changes.Count > 0 || announceSync)
        {
            Changed?.Invoke(changes);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
            Message = "Cluster {Name} is defined twice in one source: {Source} is ignored, {Winner} is used.")]
        public static partial void DuplicateInSource(ILogger logger, string name, string source, string winner);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
            Message = "Cluster {Name} from {Source} is shadowed by {Winner}, which was registered first.")]
        public static partial void ShadowedCluster(ILogger logger, string name, string source, string winner);
    }
}
