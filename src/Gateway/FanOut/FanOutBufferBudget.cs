namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The bytes of cluster list bodies all fan-out lists of this gateway may hold at once. A list is merged from whole
/// bodies, so without a shared bound many clusters (or many concurrent fan-outs) answering large lists could hold
/// gigabytes; over the budget a cluster's answer fails (the list goes on without it, with a Warning) instead.
/// </summary>
/// <param name="capacity">Total bytes.</param>
internal sealed class FanOutBufferBudget(long capacity)
{
    /// <summary>The default: 512 MiB, eight clusters at the per-cluster cap or a thousand clusters at half a MiB.</summary>
    public const long DefaultCapacity = 512L * 1024 * 1024;

    private long _available = capacity;

    /// <summary>Bytes not held now.</summary>
    public long Available => Volatile.Read(ref _available);

    /// <summary>Takes <paramref name="bytes"/> from the budget when that many are left.</summary>
    /// <param name="bytes">Bytes about to be buffered (≥ 0).</param>
    /// <returns>Whether they were taken; when false nothing was.</returns>
    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _available, -bytes) >= 0)
        {
            return true;
        }

        Interlocked.Add(ref _available, bytes);
        return false;
    }

    /// <summary>Returns bytes taken with <see cref="TryTake"/>.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Return(long bytes) => Interlocked.Add(ref _available, bytes);
}
