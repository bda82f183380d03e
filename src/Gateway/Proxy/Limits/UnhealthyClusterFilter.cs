using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy.Limits;

/// <summary>
/// <c>--fast-fail-unhealthy-clusters</c>: a cluster known to be down answers 503 ServiceUnavailable
/// <c>cluster X is unhealthy: {healthyReason}</c> at once instead of holding the caller until the connect timeout.
/// </summary>
/// <remarks>
/// A cluster counts as down exactly when all of these hold:
/// <list type="number">
/// <item><c>status.healthy</c> is false and <c>status.healthyReason</c> is non-empty — a prober wrote the health
/// annotations with a reason (they are read only with the <c>HealthinessCheck</c> feature gate; without it nothing
/// is ever refused). A cluster never probed has no reason and is not refused; neither is one whose reason starts
/// with <c>Unknown: </c> (an unreadable annotation: health not known).</item>
/// <item>The request is not a health probe: <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> (and their sub-paths)
/// always go through, since that is how a prober (the addon-manager probes <c>proxy/healthz</c>) sees the cluster
/// recover and clears the annotation.</item>
/// </list>
/// </remarks>
internal sealed class UnhealthyClusterFilter : IProxyFilter
{
    private const string UnknownReasonPrefix = "Unknown: ";
    private static readonly string[] ProbePaths = ["/healthz", "/livez", "/readyz"];

    /// <summary>Whether a cluster with this status counts as down (see the remarks).</summary>
    /// <param name="healthy"><c>status.healthy</c>.</param>
    /// <param name="reason"><c>status.healthyReason</c>.</param>
    /// <returns><see langword="true"/> when requests are refused.</returns>
    public static bool IsDown(bool healthy, string? reason) =>
        !healthy && !string.IsNullOrEmpty(reason) && !reason.StartsWith(UnknownReasonPrefix, StringComparison.Ordinal);

    /// <inheritdoc/>
    public ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        var status = context.Gateway.Status;
        if (!IsDown(status.Healthy, status.HealthyReason) || IsProbe(context.Path.Rest))
        {
            return ValueTask.FromResult<Status?>(null);
        }

        return ValueTask.FromResult<Status?>(LimitStatuses.Unhealthy(context.Path.Cluster, status.HealthyReason!));
    }

    private static bool IsProbe(string rest) => ProbePaths.Any(p =>
        rest.StartsWith(p, StringComparison.Ordinal) && (rest.Length == p.Length || rest[p.Length] == '/'));
}
