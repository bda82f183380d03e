namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>One request the fake kube-aggregator handled for an APIService (see <see cref="KubeAggregator.Forwards"/>).</summary>
/// <param name="Time">When the request arrived.</param>
/// <param name="ApiService">The APIService's name, e.g. <c>v1alpha1.cluster.core.oam.dev</c>.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path and query as the caller sent them.</param>
/// <param name="User">The identity sent as <c>X-Remote-User</c> (after impersonation).</param>
/// <param name="Backend">The endpoint the request went to; null when none was resolved.</param>
/// <param name="StatusCode">Status the caller got (101 for a switched upgrade); 0 when the connection broke first.</param>
/// <param name="Upgrade">The caller asked for an HTTP/1.1 upgrade (exec, attach, port-forward).</param>
/// <param name="Error">
/// Null when the backend answered; otherwise why the aggregator itself answered (503 <c>service unavailable</c>, or 503
/// <c>error trying to reach service: ...</c>, as k8s.io/kube-aggregator/pkg/apiserver/handler_proxy.go does).
/// </param>
public sealed record AggregatorForward(DateTimeOffset Time, string ApiService, string Method, string Path, string User,
    Uri? Backend, int StatusCode, bool Upgrade, string? Error)
{
    /// <summary>The aggregator could not deliver the request (<see cref="Error"/> is set).</summary>
    public bool Failed => Error is not null;
}
