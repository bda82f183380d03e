using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// Records every proxied request that reaches the filters in <see cref="ProxyMetrics"/>: in flight from
/// <see cref="OnRequestAsync"/> until it ends (long-running ones included), then the counters and the duration with
/// the final status code (101 for upgrades; refusals by later filters, e.g. 429, count with their code).
/// </summary>
/// <remarks>
/// Labels as upstream (<c>clustergateway_proxy.go</c>):
/// <list type="bullet">
/// <item><c>resource</c>: the resource of the proxied (inner) path, parsed with <see cref="RequestInfoParser"/>
/// (<c>/api/v1/namespaces/x/pods</c> → <c>pods</c>); empty for non-resource paths (<c>/healthz</c>, <c>/version</c>).</item>
/// <item><c>verb</c>: the outer request's verb, as upstream — <c>get</c>, <c>create</c>, <c>update</c>, <c>patch</c>,
/// <c>delete</c> (the proxy subresource always has a name, so there is no list, watch or deletecollection). Kept so
/// dashboards built on upstream's series read the same; the inner verb would split <c>get</c> into
/// get/list/watch.</item>
/// <item><c>code</c>: the status code sent to the caller.</item>
/// </list>
/// Requests refused before the filters run (unknown cluster, authentication, authorization) are not counted,
/// as upstream.
/// </remarks>
/// <param name="metrics">The instruments.</param>
/// <param name="time">Clock for durations.</param>
internal sealed class ProxyMetricsFilter(ProxyMetrics metrics, TimeProvider time) : IProxyFilter
{
    /// <inheritdoc/>
    public ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        var started = time.GetTimestamp();
        var cluster = context.Path.Cluster;
        var verb = context.HttpContext.GetRequestInfo().Verb;
        var resource = InnerResource(context);
        metrics.Started(cluster);
        context.OnCompleted(code =>
            metrics.Completed(resource, verb, cluster, code, time.GetElapsedTime(started).TotalSeconds));
        return ValueTask.FromResult<Status?>(null);
    }

    private static string InnerResource(ProxyRequestContext context)
    {
        try
        {
            var info = InnerRequest.Parse(context);
            return info.IsResourceRequest ? info.Resource : "";
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
