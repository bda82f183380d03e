namespace ClusterGateway.Gateway.Clusters;

/// <summary>Publishing: winner resolution across sources, revision stamping and the state swap.</summary>
internal sealed partial class ClusterRegistry
{
    private int IndexOf(string sourceId)
    {
        var index = _sources.FindIndex(s => s.Id == sourceId);
        return index >= 0 ? index : throw new InvalidOperationException($"Cluster source {sourceId} is not registered.");
    }

    // Caller holds _lock. Recomputes the winning entry of each name, stamps the changed ones with one revision,
    // swaps the state once, records the changes and notifies subscribers and handlers.
    private void Publish(IEnumerable<string> names, long? hint, bool announceSync = false)
    {
        var current = _state;
        var builder = current.Clusters.ToBuilder();
        var changes = new List<ClusterChange>();
        var revision = hint is { } h && h > current.Revision ? h : current.Revision + 1;
        foreach (var name in names)
        {
            var winner = Winner(name);
            _published.TryGetValue(name, out var published);
            if (ReferenceEquals(published, winner))
            {
                continue;
            }

            builder.TryGetValue(name, out var previous);
            ClusterEntry? stamped = null;
            if (winner is null)
            {
                builder.Remove(name);
                _published.Remove(name);
            }
            else
            {
                stamped = winner.WithRevision(winner.Revision > 0 && winner.Revision <= revision ? winner.Revision : revision);
                builder[name] = stamped;
                _published[name] = winner;
            }

            changes.Add(new ClusterChange(name, previous, stamped) { Revision = revision });
        }

        if (changes.Count > 0)
        {
            _state = new ClusterRegistryState(builder.ToImmutable(), revision);
            Deliver(changes);
        }
        else if (hint > current.Revision)
        {
            _state = current with { Revision = hint.Value };
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
