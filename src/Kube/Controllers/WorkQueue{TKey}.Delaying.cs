namespace ClusterGateway.Kube.Controllers;

/// <content>Delayed and rate-limited adds (client-go <c>delaying_queue.go</c>, <c>rate_limiting_queue.go</c>).</content>
public sealed partial class WorkQueue<TKey>
{
    /// <summary>
    /// Queues <paramref name="key"/> after <paramref name="delay"/> (immediately when not positive). When the key already
    /// waits, the earlier due time wins (client-go <c>AddAfter</c>).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="delay">Delay.</param>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => Fire(key), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Queues <paramref name="key"/> after its backoff and counts one more failure.</summary>
    /// <param name="key">The key.</param>
    public void AddRateLimited(TKey key) => AddAfter(key, NextDelay(key));

    /// <summary>Clears the failure count of <paramref name="key"/> (call on success).</summary>
    /// <param name="key">The key.</param>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>How many times <paramref name="key"/> was rate-limited since the last <see cref="Forget"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The failure count.</returns>
    public int NumRequeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    private TimeSpan NextDelay(TKey key)
    {
        int failures;
        lock (_lock)
        {
            failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
        }

        var ticks = _baseDelay.Ticks * Math.Pow(2, Math.Min(failures, 62));
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private void Fire(TKey key)
    {
        lock (_lock)
        {
            if (!_waiting.Remove(key, out var entry))
            {
                return;
            }

            entry.Timer.Dispose();
        }

        Add(key);
    }
}
