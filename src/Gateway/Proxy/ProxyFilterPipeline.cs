using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Gateway.Proxy.Credentials;
using ClusterGateway.Gateway.Proxy.Identity;
using ClusterGateway.Gateway.Proxy.Limits;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// The <see cref="IProxyFilter"/>s every proxied request passes, in the one order that applies, whatever order they
/// were registered in (registration only decides which are on, from the flags). Before the first filter the path was
/// checked (<see cref="ProxyPathRules"/>) and the cluster looked up; after the last the request is forwarded.
/// </summary>
internal sealed class ProxyFilterPipeline
{
    /// <summary>
    /// The order:
    /// <list type="number">
    /// <item><see cref="SubpathAuthorizationFilter"/> (<c>--authorize-proxy-subpath</c>): the inner request is
    /// authorized on the hub, with the path that will be sent;</item>
    /// <item><see cref="ImpersonationFilter"/>: drops the <c>impersonate</c> query parameter, adds
    /// <c>Impersonate-*</c> headers;</item>
    /// <item><see cref="ProxyMetricsFilter"/>: from here on refusals are counted with their code;</item>
    /// <item><see cref="UnhealthyClusterFilter"/> (<c>--fast-fail-unhealthy-clusters</c>);</item>
    /// <item><see cref="RateLimitFilter"/> (<c>--proxy-qps-per-cluster</c>);</item>
    /// <item><see cref="ConcurrencyLimitFilter"/> (after QPS, so a refused request holds no slot);</item>
    /// <item><see cref="ExecCredentialFilter"/> (last: the only one that may run a process).</item>
    /// </list>
    /// </summary>
    public static readonly IReadOnlyList<Type> Order =
    [
        typeof(SubpathAuthorizationFilter),
        typeof(ImpersonationFilter),
        typeof(ProxyMetricsFilter),
        typeof(UnhealthyClusterFilter),
        typeof(RateLimitFilter),
        typeof(ConcurrencyLimitFilter),
        typeof(ExecCredentialFilter),
    ];

    private readonly IProxyFilter[] _filters;

    /// <summary>Orders the registered filters.</summary>
    /// <param name="filters">The registered filters.</param>
    /// <exception cref="InvalidOperationException">A filter that is not in <see cref="Order"/>, or one registered
    /// twice: a startup error rather than a filter running in an unknown place.</exception>
    public ProxyFilterPipeline(IEnumerable<IProxyFilter> filters)
    {
        var registered = filters.ToList();
        if (registered.FirstOrDefault(f => !Order.Contains(f.GetType())) is { } unknown)
        {
            throw new InvalidOperationException($"proxy filter {unknown.GetType().Name} has no place in ProxyFilterPipeline.Order");
        }

        if (registered.GroupBy(f => f.GetType()).FirstOrDefault(g => g.Skip(1).Any()) is { } twice)
        {
            throw new InvalidOperationException($"proxy filter {twice.Key.Name} is registered twice");
        }

        var order = Order.ToList();
        _filters = [.. registered.OrderBy(f => order.IndexOf(f.GetType()))];
    }

    /// <summary>The filters in the order they run.</summary>
    public IReadOnlyList<IProxyFilter> Filters => _filters;

    /// <summary>Runs the filters in order until one refuses.</summary>
    /// <param name="context">The proxied request.</param>
    /// <returns><see langword="null"/> to forward; otherwise the first refusal.</returns>
    public ValueTask<Status?> RunAsync(ProxyRequestContext context)
    {
        // Filters that decide at once (all of them, unless an exec plugin or a review must be awaited) cost no state
        // machine: the rest continue asynchronously from the first that does not.
        for (var i = 0; i < _filters.Length; i++)
        {
            var decision = _filters[i].OnRequestAsync(context);
            if (!decision.IsCompletedSuccessfully)
            {
                return ContinueAsync(decision, context, i);
            }

            if (decision.Result is { } refused)
            {
                return ValueTask.FromResult<Status?>(refused);
            }
        }

        return ValueTask.FromResult<Status?>(null);
    }

    private async ValueTask<Status?> ContinueAsync(ValueTask<Status?> pending, ProxyRequestContext context, int index)
    {
        if (await pending is { } refused)
        {
            return refused;
        }

        for (var i = index + 1; i < _filters.Length; i++)
        {
            if (await _filters[i].OnRequestAsync(context) is { } later)
            {
                return later;
            }
        }

        return null;
    }
}
