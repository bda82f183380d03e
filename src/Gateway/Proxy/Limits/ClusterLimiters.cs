using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Proxy.Limits;

/// <summary>
/// One <see cref="RateLimiter"/> per cluster (System.Threading.RateLimiting), created on the cluster's first request
/// and dropped (disposed) when the cluster is removed from the registry. A dropped limiter's outstanding leases may
/// still be released; a cluster added again under the same name starts afresh.
/// </summary>
internal sealed class ClusterLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly IClusterRegistry _registry;
    private readonly Func<RateLimiter> _create;

    /// <summary>Creates the set.</summary>
    /// <param name="registry">The cluster registry (removals drop limiters).</param>
    /// <param name="create">Creates a cluster's limiter.</param>
    public ClusterLimiters(IClusterRegistry registry, Func<RateLimiter> create)
    {
        _registry = registry;
        _create = create;
        registry.Changed += changes =>
        {
            foreach (var change in changes.Where(c => c.New is null))
            {
                Drop(change.Name);
            }
        };
    }

    /// <summary>Number of clusters with a limiter.</summary>
    public int Count => _limiters.Count;

    /// <summary>Tries to take one permit of <paramref name="cluster"/>'s limiter, without waiting.</summary>
    /// <param name="cluster">Cluster name.</param>
    /// <returns>The lease; check <see cref="RateLimitLease.IsAcquired"/> and dispose it.</returns>
    public RateLimitLease Acquire(string cluster)
    {
        while (true)
        {
            var limiter = _limiters.GetOrAdd(cluster, _ => _create());
            try
            {
                // Token buckets are refilled here, for the time elapsed, instead of by a timer per cluster.
                (limiter as ReplenishingRateLimiter)?.TryReplenish();
                var lease = limiter.AttemptAcquire();
                if (!_registry.Snapshot.ContainsKey(cluster))
                {
                    // Removed while this request was on its way: keep no limiter nobody would drop.
                    Drop(cluster);
                }

                return lease;
            }
            catch (ObjectDisposedException)
            {
                // Dropped meanwhile: the next round takes (or creates) the current one.
                _limiters.TryRemove(KeyValuePair.Create(cluster, limiter));
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var name in _limiters.Keys)
        {
            Drop(name);
        }
    }

    private void Drop(string cluster)
    {
        if (_limiters.TryRemove(cluster, out var limiter))
        {
            limiter.Dispose();
        }
    }
}
