namespace ClusterGateway.TestSupport;

/// <summary>Signals about established watches (so tests change objects only once a client is watching).</summary>
public sealed partial class FakeObjectStore
{
    private readonly Dictionary<string, int> _watchesStarted = new(StringComparer.Ordinal);
    private readonly List<(string StorageKey, int Count, TaskCompletionSource Signal)> _watchWaiters = [];

    /// <summary>Watches currently open (any resource).</summary>
    public int ActiveWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>How many watches on <paramref name="resource"/> were ever established (subscribed).</summary>
    public int WatchesStarted(FakeResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_gate)
        {
            return _watchesStarted.GetValueOrDefault(StorageKey(resource));
        }
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> watches on <paramref name="resource"/> have been
    /// established (subscribed to changes, initial events queued).
    /// </summary>
    public async Task WaitForWatchAsync(FakeResource resource, int count = 1, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var key = StorageKey(resource);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_watchesStarted.GetValueOrDefault(key) >= count)
            {
                return;
            }

            _watchWaiters.Add((key, count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout ?? TestTimeouts.Default,
                $"{count} watch(es) on {resource.QualifiedResource}", cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _watchWaiters.RemoveAll(w => w.Signal == signal);
            }
        }
    }

    private void CountWatchLocked(string storageKey)
    {
        var started = _watchesStarted.GetValueOrDefault(storageKey) + 1;
        _watchesStarted[storageKey] = started;
        foreach (var waiter in _watchWaiters.Where(w => w.StorageKey == storageKey && w.Count <= started).ToList())
        {
            waiter.Signal.TrySetResult();
            _watchWaiters.Remove(waiter);
        }
    }
}
