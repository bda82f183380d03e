namespace ClusterGateway.TestSupport;

/// <summary>Every request the fake API server received, in arrival order (thread-safe).</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Func<RecordedRequest, bool> Predicate, TaskCompletionSource<RecordedRequest> Signal)>
        _waiters = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>The first recorded (or future) request matching <paramref name="predicate"/>.</summary>
    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var signal = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _requests.Find(r => predicate(r));
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((predicate, signal));
        }

        try
        {
            return await signal.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var seen = string.Join(Environment.NewLine, Snapshot().Select(r => "  " + r));
            throw new TimeoutException(
                $"No matching request within {timeout}. Requests seen:{Environment.NewLine}{seen}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Signal == signal);
            }
        }
    }

    internal void Add(RecordedRequest request)
    {
        List<TaskCompletionSource<RecordedRequest>> matched = [];
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => w.Predicate(request)).ToList())
            {
                matched.Add(waiter.Signal);
                _waiters.Remove(waiter);
            }
        }

        foreach (var signal in matched)
        {
            signal.TrySetResult(request);
        }
    }
}
