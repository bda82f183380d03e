using System.Globalization;
using System.Threading.RateLimiting;
using ClusterGateway.Crds;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy.Limits;

/// <summary>
/// The Statuses the limit filters answer with, shaped like kube-apiserver's own (429 from max-in-flight and API
/// priority and fairness: reason <c>TooManyRequests</c>, <c>details.retryAfterSeconds</c> and a <c>Retry-After</c>
/// header, which client-go honours by waiting and retrying).
/// </summary>
internal static class LimitStatuses
{
    /// <summary>429 TooManyRequests naming the cluster and the limit; sets <c>Retry-After</c> on the response.</summary>
    /// <param name="context">The request (its response gets the header).</param>
    /// <param name="limit">What was exceeded, e.g. <c>10 requests in flight (--proxy-max-requests-in-flight-per-cluster)</c>.</param>
    /// <param name="lease">The refused lease (its <see cref="MetadataName.RetryAfter"/>, if any, sets the delay).</param>
    /// <returns>The Status.</returns>
    public static Status TooManyRequests(ProxyRequestContext context, string limit, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
            : 1;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var cluster = context.Path.Cluster;
        return Status.Failure(429, "TooManyRequests",
            $"too many requests to cluster {cluster}: more than {limit}, please try again later",
            new StatusDetails
            {
                Name = cluster, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways,
                RetryAfterSeconds = retryAfter,
            });
    }

    /// <summary>503 ServiceUnavailable for a cluster known to be unhealthy, not contacted.</summary>
    /// <param name="cluster">Cluster name.</param>
    /// <param name="reason">Its <c>status.healthyReason</c>.</param>
    /// <returns>The Status.</returns>
    public static Status Unhealthy(string cluster, string reason) => Status.Failure(503, "ServiceUnavailable",
        $"cluster {cluster} is unhealthy: {reason}",
        new StatusDetails { Name = cluster, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways });
}
