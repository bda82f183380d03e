namespace ClusterGateway.Gateway.Clusters;

/// <summary>The change feeds of the registry (watches) and its log messages.</summary>
internal sealed partial class ClusterRegistry
{
    // Guarded by _lock.
    private readonly List<ClusterSubscription> _subscribers = [];

    /// <summary>Number of open subscriptions, for tests and diagnostics.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ClusterSubscription Subscribe(long? afterRevision)
    {
        lock (_lock)
        {
            // Local revisions above the current one were never issued by this process; hub revisions may be
            // ahead of this replica (the caller waits for them).
            var replay = afterRevision is { } revision
                ? _history.After(revision, _scheme.FromHub ? null : _state.Revision)
                : [];
            var subscription = new ClusterSubscription(_state, replay, _history.Floor, Unsubscribe);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    private void Unsubscribe(ClusterSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }

    // Caller holds _lock: hands one write's changes to every subscriber as one batch; closes those that are behind.
    private void Deliver(List<ClusterChange> changes)
    {
        _subscribers.RemoveAll(subscriber =>
        {
            if (subscriber.TryDeliver(changes, SubscriberCapacity))
            {
                return false;
            }

            Log.SubscriberDropped(_logger, SubscriberCapacity);
            return true;
        });
    }

    // Caller holds _lock: ends every feed (the history they follow was reset).
    private void CloseAll(Exception reason)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Close(reason);
        }

        if (_subscribers.Count > 0)
        {
            Log.SubscribersReset(_logger, _subscribers.Count, _state.Revision);
        }

        _subscribers.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
            Message = "Cluster {Name} is defined twice in one source: {Source} is ignored, {Winner} is used.")]
        public static partial void DuplicateInSource(ILogger logger, string name, string source, string winner);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
            Message = "Cluster {Name} from {Source} is shadowed by {Winner}, which was registered first.")]
        public static partial void ShadowedCluster(ILogger logger, string name, string source, string winner);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
            Message = "A clustergateways watch fell {Capacity} changes behind and was closed with 410 Expired; the client will relist.")]
        public static partial void SubscriberDropped(ILogger logger, int capacity);

        [LoggerMessage(EventId = 103, Level = LogLevel.Information,
            Message = "Clusters were reloaded at revision {Revision}: {Count} clustergateways watches were closed with 410 Expired and will relist.")]
        public static partial void SubscribersReset(ILogger logger, int count, long revision);
    }
}
