namespace ClusterGateway.Kube.Informers;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits a random time in [d/2, d], d = min(max, initial * 2^n).
/// Not thread-safe; one per retry loop.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _attempt;

    public TimeSpan Next()
    {
        var factor = Math.Pow(2, Math.Min(_attempt, 30));
        _attempt++;
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * factor);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }

    public void Reset() => _attempt = 0;
}
