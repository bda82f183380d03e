namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// What the gateway works out about one request and reuses along the pipeline (its <see cref="RequestInfo"/>, the
/// authenticated user, the proxy path and the proxied request's info), kept in one object under one
/// <see cref="HttpContext.Items"/> key so a request costs one small dictionary entry, not one per fact.
/// </summary>
internal sealed class RequestState
{
    private static readonly object Key = new();

    /// <summary>The request's info (set by <see cref="RequestInfoMiddleware"/>).</summary>
    public RequestInfo? Info { get; set; }

    /// <summary>The authenticated user.</summary>
    public Security.KubeUser? User { get; set; }

    /// <summary>Whether <see cref="ProxyPath"/> was worked out (it may be null: not a proxy request).</summary>
    public bool ProxyPathParsed { get; set; }

    /// <summary>The proxy path parsed from the raw target, or null when the request is not a proxy request.</summary>
    public Proxy.ProxyPath? ProxyPath { get; set; }

    /// <summary>
    /// The proxied request's info and the proxy path instance it was parsed for, in one reference so that concurrent
    /// parses (the clusters of a fan-out share the request) never pair one path with another's info.
    /// </summary>
    public Tuple<Proxy.ProxyPath, RequestInfo>? Inner { get; set; }

    /// <summary>For a fan-out request: how many clusters answered (are in the response).</summary>
    public int? FanOutAnswered { get; set; }

    /// <summary>For a fan-out request: how many clusters failed (are missing from the response).</summary>
    public int? FanOutFailed { get; set; }

    /// <summary>Response body bytes sent: what the proxy relayed from the cluster (after an upgrade: what the tunnel
    /// carried to the client), or the size of a Status the gateway answered with.</summary>
    public long ResponseBytes { get; set; }

    /// <summary>For an upgraded connection (exec, attach, port-forward): how long the tunnel was open.</summary>
    public TimeSpan? Session { get; set; }

    /// <summary>The request's state, created on first use.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The state.</returns>
    public static RequestState Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var stored) && stored is RequestState state)
        {
            return state;
        }

        state = new RequestState();
        context.Items[Key] = state;
        return state;
    }
}
