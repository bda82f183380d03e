using System.Threading.RateLimiting;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy.Limits;

/// <summary>
/// <c>--proxy-max-requests-in-flight-per-cluster</c>: at most N proxied requests per cluster at a time, long-running
/// ones (watches, logs -f, exec sessions) included until they end. The excess is refused at once (no queue) with
/// 429 TooManyRequests and <c>Retry-After: 1</c>, as kube-apiserver's max-in-flight filter does.
/// </summary>
internal sealed class ConcurrencyLimitFilter : IProxyFilter, IDisposable
{
    private readonly ClusterLimiters _limiters;
    private readonly string _limit;

    /// <summary>Creates the filter.</summary>
    /// <param name="registry">Cluster registry (removed clusters' limiters are dropped).</param>
    /// <param name="maxInFlight">Permits per cluster (positive).</param>
    public ConcurrencyLimitFilter(IClusterRegistry registry, int maxInFlight)
    {
        _limit = $"{maxInFlight} requests in flight (--proxy-max-requests-in-flight-per-cluster)";
        _limiters = new ClusterLimiters(registry, () => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxInFlight,
            QueueLimit = 0,
        }));
    }

    /// <summary>Clusters with a limiter (tests).</summary>
    public int ClusterCount => _limiters.Count;

    /// <inheritdoc/>
    public ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        var lease = _limiters.Acquire(context.Path.Cluster);
        if (!lease.IsAcquired)
        {
            var refused = LimitStatuses.TooManyRequests(context, _limit, lease);
            lease.Dispose();
            return ValueTask.FromResult<Status?>(refused);
        }

        context.OnCompleted(_ => lease.Dispose());
        return ValueTask.FromResult<Status?>(null);
    }

    /// <inheritdoc/>
    public void Dispose() => _limiters.Dispose();
}
