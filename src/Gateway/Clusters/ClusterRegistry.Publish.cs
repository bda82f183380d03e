namespace ClusterGateway.Gateway.Clusters;

/// <summary>Publishing: winner resolution across sources, revision stamping and the state swap.</summary>
internal sealed partial class ClusterRegistry
{
    private int IndexOf(string sourceId)
    {
        var index = _sources.FindIndex(s => s.Id == sourceId);
        return index >= 0 ? index : throw new InvalidOperationException($"Cluster source {sourceId} is not registered.");
    }

    // Caller holds _lock. Recomputes the winning entry of each name, stamps the changed ones (see the class remarks),
    // swaps the state once, records or resets the history and notifies subscribers and handlers.
    private void Publish(IEnumerable<string> names, long? hint, bool wholeSource, bool announceSync = false)
    {
        var current = _state;
        var changed = new List<(string Name, ClusterEntry? Winner)>();
        foreach (var name in names)
        {
            var winner = Winner(name);
            _published.TryGetValue(name, out var published);
            if (!ReferenceEquals(published, winner))
            {
                changed.Add((name, winner));
            }
        }

        var ahead = hint is { } h && h > current.Revision ? h : (long?)null;
        List<ClusterChange> changes = [];
        if (changed.Count == 0)
        {
            if (_scheme.FromHub && ahead is { } advanced)
            {
                _state = current with { Revision = advanced };
            }
        }
        else if (!_scheme.FromHub || (!wholeSource && ahead is not null && changed.Count == 1))
        {
            // Every change at its own revision: the next local number, or the hub revision of the one change.
            var revision = current.Revision;
            changes = Apply(changed, () => _scheme.FromHub ? ahead!.Value : ++revision, stampOwn: false);
            _history.Add(changes);
            Deliver(changes);
        }
        else
        {
            // The hub's order of these changes is unknown: start a new history at a hub-derived revision.
            var revision = ahead ?? current.Revision + 1;
            changes = Apply(changed, () => revision, stampOwn: true);
            _history.Reset(revision);
            CloseAll(new ClusterSubscriptionResetException(
                $"The gateway reloaded {changes.Count} clusters at resourceVersion {revision} without their order; " +
                "changes before it cannot be replayed."));
        }

        if (announceSync)
        {
            _history.RaiseFloor(_state.Revision);
        }

        if (changes.Count > 0 || announceSync)
        {
            Changed?.Invoke(changes);
        }
    }

    // Caller holds _lock: builds and swaps the new state; each change gets the revision `next` gives it (called in
    // order). With stampOwn, an entry keeps its own source revision when it is known and not above that revision.
    private List<ClusterChange> Apply(List<(string Name, ClusterEntry? Winner)> changed, Func<long> next,
        bool stampOwn)
    {
        var builder = _state.Clusters.ToBuilder();
        var changes = new List<ClusterChange>(changed.Count);
        var last = _state.Revision;
        foreach (var (name, winner) in changed)
        {
            var revision = next();
            builder.TryGetValue(name, out var previous);
            ClusterEntry? stamped = null;
            if (winner is null)
            {
                builder.Remove(name);
                _published.Remove(name);
            }
            else
            {
                var own = stampOwn && winner.Revision > 0 && winner.Revision <= revision ? winner.Revision : revision;
                stamped = winner.WithRevision(own);
                builder[name] = stamped;
                _published[name] = winner;
            }

            changes.Add(new ClusterChange(name, previous, stamped) { Revision = revision });
            last = Math.Max(last, revision);
        }

        _state = new ClusterRegistryState(builder.ToImmutable(), last);
        return changes;
    }

    // Caller holds _lock.
    private ClusterEntry? Winner(string name)
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
                    Log.ShadowedCluster(_logger, name, candidate.Source, winner.Source);
                }
            }
        }

        return winner;
    }
}
