using System.Threading.Channels;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>The change feeds of the registry (watches) and its log messages.</summary>
internal sealed partial class ClusterRegistry
{
    // Guarded by _lock.
    private readonly List<(ClusterSubscription Subscription, ChannelWriter<ClusterChange> Writer)> _subscribers = [];

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
        var channel = Channel.CreateBounded<ClusterChange>(new BoundedChannelOptions(SubscriberCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_lock)
        {
            var replay = afterRevision is { } revision ? _history.After(revision) : [];
            var subscription = new ClusterSubscription(_state, replay, _history.Floor, channel.Reader, Unsubscribe);
            _subscribers.Add((subscription, channel.Writer));
            return subscription;
        }
    }

    private void Unsubscribe(ClusterSubscription subscription)
    {
        lock (_lock)
        {
            var index = _subscribers.FindIndex(s => ReferenceEquals(s.Subscription, subscription));
            if (index >= 0)
            {
                _subscribers[index].Writer.TryComplete();
                _subscribers.RemoveAt(index);
            }
        }
    }

    // Caller holds _lock: records the changes and hands them to every subscriber; drops subscribers that are full.
    private void Deliver(List<ClusterChange> changes)
    {
        foreach (var change in changes)
        {
            _history.Add(change);
        }

        _subscribers.RemoveAll(subscriber =>
        {
            foreach (var change in changes)
            {
                if (!subscriber.Writer.TryWrite(change))
                {
                    subscriber.Writer.TryComplete(new ClusterSubscriptionOverflowException());
                    Log.SubscriberDropped(_logger, SubscriberCapacity);
                    return true;
                }
            }

            return false;
        });
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
            Message = "A clustergateways watch fell {Capacity} changes behind and was closed; the client will rewatch.")]
        public static partial void SubscriberDropped(ILogger logger, int capacity);
    }
}
