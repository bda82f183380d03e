using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// One proxied request on its way through the <see cref="IProxyFilter"/>s to the forwarder: what is known about it,
/// and what filters add for the upstream leg (<see cref="UpstreamHeaders"/>, e.g. <c>Impersonate-User</c>) or want
/// to hear when it ends (<see cref="OnCompleted"/>, e.g. metrics, concurrency leases).
/// </summary>
/// <param name="HttpContext">The inbound request.</param>
/// <param name="Path">Cluster name, raw sub-path and raw query.</param>
/// <param name="Gateway">The cluster's current ClusterGateway.</param>
internal sealed record ProxyRequestContext(HttpContext HttpContext, ProxyPath Path, V1Alpha1ClusterGateway Gateway)
{
    // Newest first: a delegate combined in front of the earlier ones runs before them.
    private Action<int>? _completed;

    /// <summary>
    /// Cluster name, raw sub-path and raw query; the forwarder sends the value the filters leave here. A filter may
    /// drop a gateway-only query parameter (e.g. <c>impersonate</c>); it cannot change the cluster or the sub-path:
    /// the sub-path was checked (<see cref="ProxyPathRules"/>) and authorized as it is, and that is what is sent.
    /// </summary>
    /// <exception cref="InvalidOperationException">A new value with another cluster or sub-path.</exception>
    public ProxyPath Path
    {
        get;
        set => field = value.Cluster == field.Cluster && value.Rest == field.Rest
            ? value
            : throw new InvalidOperationException("a proxy filter must not change the cluster or the sub-path");
    } = Path;

    /// <summary>The authenticated caller (null only where authentication is not configured).</summary>
    public KubeUser? User => HttpContext.GetKubeUser();

    /// <summary>Whether the caller asked for a protocol upgrade (exec, attach, port-forward).</summary>
    public bool IsUpgrade =>
        HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>()?.IsUpgradableRequest == true;

    /// <summary>Headers the gateway adds to the upstream request (after the inbound identity headers were dropped).</summary>
    public List<KeyValuePair<string, string>> UpstreamHeaders { get; } = [];

    /// <summary>
    /// The cluster's transport once resolved (a filter that needs it, e.g. for its exec plugin, leaves it here), so a
    /// request looks its transport up once.
    /// </summary>
    public ClusterTransport? Transport { get; set; }

    /// <summary>
    /// Whether tracing is on (<see cref="Observability.ProxyTracing.Enabled"/>): then the upstream request carries the
    /// client span's <c>traceparent</c>/<c>tracestate</c>, not the caller's.
    /// </summary>
    public bool Traced { get; init; }

    /// <summary>Overrides the cluster's bearer token for this request (e.g. a token issued by an exec plugin).</summary>
    public string? BearerToken { get; set; }

    /// <summary>Registers a callback run once with the final HTTP status code (101 for upgrades), even on failure.</summary>
    /// <param name="callback">Receives the status code sent to the caller.</param>
    public void OnCompleted(Action<int> callback) => _completed = callback + _completed;

    /// <summary>Runs the completion callbacks in reverse registration order.</summary>
    /// <param name="statusCode">The status code sent to the caller.</param>
    internal void Complete(int statusCode) => _completed?.Invoke(statusCode);
}
