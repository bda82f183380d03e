using System.Collections.Immutable;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Merges the clusters of several sources (the hub Secret informer, a manifest folder, an imported kubeconfig) into
/// one immutable snapshot. Sources are ordered by registration: when two define the same name, the first wins and
/// the conflict is logged. Writers serialize on a lock; readers only read the volatile state.
/// A write costs what it changes, not the registry's size: the state's sorted dictionary is an immutable AVL tree, so
/// a changed name copies only its path (O(log N)) and the new state shares every other node with the old one; the
/// names resolved are those written (<see cref="Upsert"/>, <see cref="Remove"/>, <see cref="Update"/>), all of a
/// source only for <see cref="Replace"/> (an initial load or a relist).
/// </summary>
/// <remarks>
/// Revisions (see <see cref="IClusterRegistry"/> and <see cref="ClusterRevisionScheme"/>): every change gets its own
/// revision, strictly increasing, and the changed entry (its ClusterGateway's <c>resourceVersion</c>) is stamped with
/// it, so a watch event's resourceVersion is a point a watch can resume from.
/// Local scheme: the changes of one write (the files a folder's watcher reported together) get the next revisions one by one and are recorded and
/// delivered together; hints are ignored.
/// Hub scheme: a single change whose hint (the Secret or ManagedCluster <c>resourceVersion</c>) is above the current
/// revision is recorded at the hint. A write that replaces a whole source (initial load, relist, the ManagedCluster
/// API appearing) or a change without such a hint cannot be ordered against the hub's history: it is not recorded;
/// the state moves to the hint (else the current revision + 1), entries keep their own source revision when known and
/// not above it, the history floor rises to it (older resumes get 410 Expired) and every open feed is closed with a
/// <see cref="ClusterSubscriptionResetException"/> (kube-apiserver's cacher terminates its watchers when it
/// relists). A write with a hint but no change still advances the revision to the hint.
/// When the last source syncs, the history floor is raised to the current revision: changes before the initial load
/// cannot be replayed.
/// </remarks>
internal sealed partial class ClusterRegistry : IClusterRegistry
{
    /// <summary>How many changes the history keeps for resuming watches.</summary>
    public const int DefaultHistoryCapacity = 1024;

    /// <summary>
    /// How many unread changes a subscriber may hold when the next batch arrives; beyond, it is closed (410 Expired).
    /// One batch of any size is accepted by a subscriber below this.
    /// </summary>
    public const int SubscriberCapacity = 4096;

    private readonly ILogger<ClusterRegistry> _logger;
    private readonly ClusterRevisionScheme _scheme;
    private readonly Lock _lock = new();

    // Guarded by _lock: per source, its clusters by name; the list keeps registration order.
    private readonly List<(string Id, Dictionary<string, ClusterEntry> Entries, bool Synced)> _sources = [];

    // Guarded by _lock: the unstamped source entry published for each name, to tell real changes from no-ops.
    private readonly Dictionary<string, ClusterEntry> _published = new(StringComparer.Ordinal);

    // Guarded by _lock.
    private readonly ClusterHistory _history;

    private volatile ClusterRegistryState _state;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="logger">Logger.</param>
    /// <param name="historyCapacity">How many changes to keep for resuming watches (the newest batch is always kept).</param>
    /// <param name="scheme">Where revisions come from; default <see cref="ClusterRevisionScheme.Counter"/>.</param>
    public ClusterRegistry(ILogger<ClusterRegistry> logger, int historyCapacity = DefaultHistoryCapacity,
        ClusterRevisionScheme? scheme = null)
    {
        _logger = logger;
        _scheme = scheme ?? ClusterRevisionScheme.Counter;
        _history = new ClusterHistory(historyCapacity);
        _history.RaiseFloor(_scheme.Base);
        _state = ClusterRegistryState.Empty with { Revision = _scheme.Base };
    }

    /// <inheritdoc/>
    public ImmutableSortedDictionary<string, ClusterEntry> Snapshot => _state.Clusters;

    /// <inheritdoc/>
    public ClusterRegistryState State => _state;

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
    /// <param name="revision">The source's revision of this state (a list <c>resourceVersion</c>), if it has one.</param>
    public void Replace(string sourceId, IEnumerable<ClusterEntry> entries, long? revision = null)
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
                    Log.DuplicateInSource(_logger, entry.Name, entry.Source, fresh[entry.Name].Source);
                }
            }

            var wasSynced = _sources.TrueForAll(s => s.Synced);
            _sources[index] = (sourceId, fresh, true);
            Publish(old.Keys.Union(fresh.Keys, StringComparer.Ordinal), revision, wholeSource: true,
                announceSync: !wasSynced && _sources.TrueForAll(s => s.Synced));
        }
    }

    /// <summary>
    /// Sets or removes some clusters of a source as one write (one file of a folder changed): only these names are
    /// resolved and published, so the cost follows the size of the change, not of the registry. The source must have
    /// been loaded by <see cref="Replace"/> first.
    /// </summary>
    /// <param name="sourceId">A registered source.</param>
    /// <param name="changes">Per name, its new entry, or null to remove it; a name given twice takes the last.</param>
    public void Update(string sourceId, IEnumerable<(string Name, ClusterEntry? Entry)> changes)
    {
        lock (_lock)
        {
            var entries = _sources[IndexOf(sourceId)].Entries;
            var names = new List<string>();
            foreach (var (name, entry) in changes)
            {
                var touched = entry is null ? entries.Remove(name) : Set(entries, name, entry);
                if (touched)
                {
                    names.Add(name);
                }
            }

            if (names.Count > 0)
            {
                Publish(names.Distinct(StringComparer.Ordinal), null, wholeSource: false);
            }
        }

        static bool Set(Dictionary<string, ClusterEntry> entries, string name, ClusterEntry entry)
        {
            if (entries.TryGetValue(name, out var old) && ReferenceEquals(old, entry))
            {
                return false;
            }

            entries[name] = entry;
            return true;
        }
    }

    /// <summary>Adds or replaces one cluster of a source.</summary>
    /// <param name="sourceId">A registered source.</param>
    /// <param name="entry">The cluster; its <see cref="ClusterEntry.Revision"/>, when set, is the source's revision.</param>
    /// <param name="revision">The source's revision of the change; defaults to the entry's.</param>
    public void Upsert(string sourceId, ClusterEntry entry, long? revision = null)
    {
        lock (_lock)
        {
            _sources[IndexOf(sourceId)].Entries[entry.Name] = entry;
            Publish([entry.Name], revision ?? (entry.Revision > 0 ? entry.Revision : null), wholeSource: false);
        }
    }

    /// <summary>Removes one cluster of a source; no-op when absent.</summary>
    /// <param name="sourceId">A registered source.</param>
    /// <param name="name">Cluster name.</param>
    /// <param name="revision">The source's revision of the deletion, if any.</param>
    public void Remove(string sourceId, string name, long? revision = null)
    {
        lock (_lock)
        {
            if (_sources[IndexOf(sourceId)].Entries.Remove(name))
            {
                Publish([name], revision, wholeSource: false);
            }
        }
    }
}
