namespace ClusterGateway.AddonManager.Health;

/// <summary>
/// How the addon-manager probes cluster health (upstream <c>pkg/addon/controllers/health.go</c> probed every cluster
/// every second, unbounded; here every <see cref="Interval"/> with jitter, bounded by <see cref="Timeout"/> and
/// <see cref="Concurrency"/>).
/// </summary>
internal sealed record HealthProbeOptions
{
    /// <summary>Time between two probes of one cluster (<c>--cluster-health-interval</c>); default 30 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The next probe comes after <c>Interval * (1 + random[0, JitterFactor))</c>, so probes of many clusters
    /// started together spread out; default 0.2.</summary>
    public double JitterFactor { get; init; } = 0.2;

    /// <summary>How long one <c>proxy/healthz</c> request may take before the cluster counts as unhealthy; default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// N in the gateway's <c>--health-probe-freshness</c> = N × <see cref="Interval"/>, which the installation passes
    /// to the gateway it deploys: how long a probe result outranks the ManagedCluster's Available condition.
    /// </summary>
    public const int FreshnessIntervals = 3;

    /// <summary>
    /// How old this manager's last write of an unchanged result may get before it is written again:
    /// <c>1.5 * Interval</c>. The gateway stamps each write (<c>status.cluster.core.oam.dev/healthy-time</c>) and, on
    /// OCM-merged clusters, lets it outrank the ManagedCluster's Available condition while younger than its
    /// <c>--health-probe-freshness</c>, which the installation sets to <see cref="FreshnessIntervals"/> × Interval (90 s
    /// with the defaults). Re-writing every second probe keeps the result fresh through one late or timed-out probe: at
    /// most <c>2 * 1.2 * Interval + Timeout</c> (82 s with the defaults) pass between two writes, less than
    /// <c>3 * Interval</c> while the timeout is at most 0.6 intervals.
    /// </summary>
    public TimeSpan RefreshAfter => Interval * 1.5;

    /// <summary>Probes running at once, the controller's worker count (<c>--cluster-health-concurrency</c>); default 4.</summary>
    public int Concurrency { get; init; } = 4;
}
