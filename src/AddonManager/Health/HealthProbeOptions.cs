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

    /// <summary>Probes running at once, the controller's worker count (<c>--cluster-health-concurrency</c>); default 4.</summary>
    public int Concurrency { get; init; } = 4;
}
