namespace ClusterGateway.AddonManager.Health;

/// <summary>The outcome of one <c>proxy/healthz</c> probe of a cluster.</summary>
/// <param name="Healthy">The probe answered 2xx with the body <c>ok</c>.</param>
/// <param name="Reason">Why the cluster is unhealthy (a Status message, a timeout, an unexpected body); empty when healthy.</param>
internal sealed record HealthProbeResult(bool Healthy, string Reason)
{
    /// <summary>A healthy result.</summary>
    public static HealthProbeResult Ok { get; } = new(true, "");

    /// <summary>An unhealthy result.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static HealthProbeResult Failed(string reason) => new(false, reason);
}
