using ClusterGateway.Crds;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.AddonManager.Health;

/// <summary>
/// Probes one cluster: <c>GET /apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy/healthz</c> on the
/// hub, which the hub's aggregation layer hands to the gateway, which proxies it to the cluster (upstream
/// <c>health.go</c> did the same through <c>multicluster.NewClusterGatewayRoundTripper</c>). Healthy exactly when the
/// answer is 2xx and its trimmed body is <c>ok</c> (kube-apiserver's <c>/healthz</c>). Unlike upstream the probe is
/// bounded by <see cref="HealthProbeOptions.Timeout"/> and never ends in "Unknown": every failure has a reason.
/// </summary>
/// <param name="hub">Client of the hub.</param>
/// <param name="options">The probe timeout.</param>
/// <param name="timeProvider">Clock of the timeout.</param>
internal sealed class HealthProber(KubeClient hub, HealthProbeOptions options, TimeProvider timeProvider)
{
    /// <summary>Longest reason kept (condition messages may be 32 KiB; a reason is read by people in tables).</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>The hub path of a cluster's proxied <c>/healthz</c>.</summary>
    /// <param name="cluster">Cluster name.</param>
    /// <returns>The absolute path.</returns>
    public static string HealthzPath(string cluster) =>
        $"/apis/{ApiGroups.ClusterGroup}/{ApiGroups.Version}/{ApiGroups.ClusterGateways}/{Uri.EscapeDataString(cluster)}/proxy/healthz";

    /// <summary>Probes <paramref name="cluster"/> once.</summary>
    /// <param name="cluster">Cluster name.</param>
    /// <param name="cancellationToken">Stops the probe (then <see cref="OperationCanceledException"/> is thrown).</param>
    /// <returns>Healthy, or unhealthy with the non-2xx Status message, the timeout, or the unexpected body.</returns>
    /// <exception cref="HttpRequestException">The hub itself is unreachable: nothing can be concluded or written.</exception>
    public async Task<HealthProbeResult> ProbeAsync(string cluster, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var response = await hub.GetRawAsync(HealthzPath(cluster), linked.Token).ConfigureAwait(false);
            var body = response.Body.Trim();
            if (!response.Truncated && string.Equals(body, "ok", StringComparison.Ordinal))
            {
                return HealthProbeResult.Ok;
            }

            return HealthProbeResult.Failed(body.Length == 0
                ? $"healthz returned an empty body (HTTP {response.StatusCode})"
                : Truncate("healthz returned: " + body));
        }
        catch (KubeApiException e)
        {
            // The gateway's own Status (e.g. 503 "cluster b is unreachable: ...") or the hub's (403, 404, 503).
            return HealthProbeResult.Failed(Truncate(e.Status.Message is { Length: > 0 } message
                ? message
                : $"healthz failed: HTTP {e.Code} {e.Reason}".TrimEnd()));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested &&
                                  (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested)))
        {
            return HealthProbeResult.Failed($"healthz probe timed out after {GoDuration.Format(options.Timeout)}");
        }
    }

    private static string Truncate(string text) =>
        text.Length <= MaxReasonLength ? text : string.Concat(text.AsSpan(0, MaxReasonLength), "...");
}
