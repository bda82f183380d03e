using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>What every fan-out request uses, resolved once when the proxy routes are mapped.</summary>
/// <param name="Pipeline">The proxy filters, the same instance single-cluster requests pass.</param>
/// <param name="Registry">The clusters.</param>
/// <param name="Transports">The clusters' pooled transports.</param>
/// <param name="Authorization">Per-cluster <c>clustergateways/proxy</c> decisions.</param>
/// <param name="Metrics">The fan-out counter.</param>
/// <param name="Options">Gateway options (<c>--fanout-cluster-timeout</c>).</param>
/// <param name="Logger">Logger.</param>
/// <param name="Tracing">Whether tracing is on.</param>
internal sealed record FanOutServices(ProxyFilterPipeline Pipeline, IClusterRegistry Registry,
    ClusterTransportCache Transports, AuthorizationMiddleware Authorization, ProxyMetrics Metrics,
    GatewayOptions Options, ILogger Logger, bool Tracing)
{
    /// <summary>
    /// Cluster requests (and reviews) of one fan-out in flight at once. Each costs a socket and, for a list, a body of
    /// at most <see cref="MaxClusterResponseBytes"/>; a list waits on its slowest cluster, so a fan-out within a small
    /// multiple of one cluster's latency needs every cluster asked at once up to a few hundred clusters.
    /// </summary>
    public const int MaxInFlight = 128;

    /// <summary>Largest body accepted from one cluster of a fan-out list, in bytes; over it that cluster fails.</summary>
    public const int MaxClusterResponseBytes = 64 * 1024 * 1024;

    /// <summary>Writes one access-log line per cluster of a fan-out; null when the access log is off.</summary>
    public Action<HttpContext, string, string, RequestInfo, int, TimeSpan>? MemberLog { get; init; }

    /// <summary>The bytes all fan-out lists of this gateway may buffer at once (one instance per gateway).</summary>
    public FanOutBufferBudget Budget { get; init; } = new(FanOutBufferBudget.DefaultCapacity);
}
