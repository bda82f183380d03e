using System.Threading.RateLimiting;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy.Limits;

/// <summary>
/// <c>--proxy-qps-per-cluster</c> and <c>--proxy-burst-per-cluster</c> (client-go's QPS/Burst): a token
/// bucket per cluster holding up to <c>burst</c> tokens (default: the QPS), refilled continuously at <c>qps</c> tokens
/// per second. A request without a token is refused at once with 429 TooManyRequests and a <c>Retry-After</c> of the
/// seconds until the next token (at least 1); it is not queued, so a slow client cannot pile up waiting requests.
/// </summary>
internal sealed class RateLimitFilter : IProxyFilter, IDisposable
{
    private readonly ClusterLimiters _limiters;
    private readonly string _limit;

    /// <summary>Creates the filter.</summary>
    /// <param name="registry">Cluster registry (removed clusters' buckets are dropped).</param>
    /// <param name="qps">Tokens per second (positive).</param>
    /// <param name="burst">Bucket size; 0 or less means <paramref name="qps"/>.</param>
    public RateLimitFilter(IClusterRegistry registry, int qps, int burst)
    {
        var size = burst > 0 ? burst : qps;
        _limit = $"{qps} requests per second with a burst of {size} (--proxy-qps-per-cluster, --proxy-burst-per-cluster)";
        _limiters = new ClusterLimiters(registry, () => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = size,
            TokensPerPeriod = qps,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            // Refilled by ClusterLimiters on each request, pro rata for the time elapsed.
            AutoReplenishment = false,
            QueueLimit = 0,
        }));
    }

    /// <inheritdoc/>
    public ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        using var lease = _limiters.Acquire(context.Path.Cluster);
        return ValueTask.FromResult(lease.IsAcquired ? null : LimitStatuses.TooManyRequests(context, _limit, lease));
    }

    /// <inheritdoc/>
    public void Dispose() => _limiters.Dispose();
}
