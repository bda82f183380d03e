using System.Threading.Channels;

namespace ClusterGateway.TestSupport;

/// <summary>A live subscription to the store's changes for one resource (optionally one namespace).</summary>
internal sealed class StoreWatcher(string storageKey, string? @namespace) : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(
        new UnboundedChannelOptions { SingleReader = true });

    public Action<StoreWatcher>? OnDispose { get; set; }

    public ChannelReader<StoreEvent> Reader => _channel.Reader;

    public bool Accepts(StoreEvent e) =>
        string.Equals(e.StorageKey, storageKey, StringComparison.Ordinal) &&
        (@namespace is null || string.Equals(
            e.Object["metadata"]?["namespace"]?.GetValue<string>(), @namespace, StringComparison.Ordinal));

    public void Deliver(StoreEvent e) => _channel.Writer.TryWrite(e);

    public void Terminate() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        OnDispose?.Invoke(this);
    }
}
