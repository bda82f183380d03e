namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// A rate-limited, deduplicating work queue of keys (client-go <c>util/workqueue</c>: <c>queue.go</c>,
/// <c>delaying_queue.go</c>, <c>rate_limiting_queue.go</c>). A key is queued at most once; a key added while it is being
/// processed is queued again only after <see cref="Done"/>, so one key is never processed concurrently. Consumers call
/// <see cref="TakeAsync"/>, process the key, then always call <see cref="Done"/>. Failures use per-key exponential
/// backoff (<see cref="AddRateLimited"/>: <c>baseDelay * 2^failures</c>, capped; defaults 5 ms and 1000 s as client-go's
/// <c>DefaultControllerRateLimiter</c>, without its overall 10 qps bucket) until <see cref="Forget"/>. Thread-safe.
/// </summary>
/// <typeparam name="TKey">Key type with value equality, e.g. <c>(string? Namespace, string Name)</c>.</typeparam>
public sealed partial class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _waiting = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="baseDelay">First backoff delay; default 5 ms.</param>
    /// <param name="maxDelay">Backoff cap; default 1000 s.</param>
    /// <param name="timeProvider">Clock and timers for delays; default <see cref="TimeProvider.System"/>.</param>
    public WorkQueue(TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, TimeProvider? timeProvider = null)
    {
        _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5);
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(1000);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Keys ready to be taken (not counting keys in process or waiting for a delay).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary><see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>Queues <paramref name="key"/> unless already queued; ignored after <see cref="ShutDown"/>.</summary>
    /// <param name="key">The key.</param>
    public void Add(TKey key)
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
        }

        _signal.Release();
    }

    /// <summary>Waits for the next key and marks it in process; pair every success with <see cref="Done"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The key.</returns>
    /// <exception cref="OperationCanceledException">Cancelled, or shut down and drained.</exception>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            lock (_lock)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    return key;
                }

                linked.Token.ThrowIfCancellationRequested();
            }

            await _signal.WaitAsync(linked.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; re-queues it when it was added meanwhile.</summary>
    /// <param name="key">A key from <see cref="TakeAsync"/>.</param>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            if (!_processing.Remove(key) || !_dirty.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
        }

        _signal.Release();
    }

    /// <summary>Stops accepting keys, drops delayed keys and wakes waiting consumers once the queue is drained.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            foreach (var (_, timer) in _waiting.Values)
            {
                timer.Dispose();
            }

            _waiting.Clear();
        }

        _shutdown.Cancel();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
        _signal.Dispose();
    }
}
