namespace ClusterGateway.AddonManager.Configuration;

/// <summary>
/// The addon-manager's settings, named as upstream <c>cmd/addon-manager/main.go</c> (flags) and
/// <c>pkg/util/namespace.go</c> (<c>NAMESPACE</c>).
/// </summary>
/// <param name="LeaderElect"><c>--leader-elect</c>: run leader election (lease <c>cluster-gateway-addon-manager</c>).</param>
/// <param name="SignerSecretName"><c>--signer-secret-name</c>: Secret in <paramref name="Namespace"/> holding the signer CA (<c>tls.crt</c>, <c>tls.key</c>, and <c>previous-ca.crt</c> during a rotation).</param>
/// <param name="MetricsBindAddress"><c>--metrics-bind-address</c>: Go-style <c>host:port</c>; <c>0</c> disables.</param>
/// <param name="HealthProbeBindAddress"><c>--health-probe-bind-address</c>: Go-style <c>host:port</c> of <c>/healthz</c> and <c>/readyz</c>.</param>
/// <param name="Kubeconfig"><c>--kubeconfig</c>: path, or <see langword="null"/> for in-cluster configuration.</param>
/// <param name="Namespace">The manager's namespace (<c>NAMESPACE</c> or the service-account namespace file).</param>
internal sealed record AddonManagerOptions(
    bool LeaderElect,
    string SignerSecretName,
    string MetricsBindAddress,
    string HealthProbeBindAddress,
    string? Kubeconfig,
    string Namespace)
{
    /// <summary>Upstream default of <c>--metrics-bind-address</c>.</summary>
    public const string DefaultMetricsBindAddress = ":48080";

    /// <summary>Upstream default of <c>--health-probe-bind-address</c>.</summary>
    public const string DefaultHealthProbeBindAddress = ":48081";

    /// <summary>Upstream default of <c>--signer-secret-name</c>.</summary>
    public const string DefaultSignerSecretName = "cluster-gateway-signer";

    /// <summary>The leader-election lease name, as upstream.</summary>
    public const string LeaderElectionId = "cluster-gateway-addon-manager";

    /// <summary><c>--install-all</c>: create the ManagedClusterAddOn <c>cluster-gateway</c> in every ManagedCluster's namespace (upstream's InstallAllStrategy).</summary>
    public bool InstallAll { get; init; }

    /// <summary><c>--cluster-health-interval</c>: how often each cluster's <c>/healthz</c> is probed (plus up to 20% jitter).</summary>
    public TimeSpan ClusterHealthInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--cluster-health-concurrency</c>: at most this many health probes run at once.</summary>
    public int ClusterHealthConcurrency { get; init; } = 4;

    /// <summary><c>--leader-elect-lease-duration</c> (component-base name): how long followers wait before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>--leader-elect-renew-deadline</c>: the leader gives up (stops its controllers, exits 1) when no renewal succeeded
    /// for this long after the last one, even against a hung hub; less than <see cref="LeaseDuration"/>.
    /// </summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>--leader-elect-retry-period</c>: the interval between acquire and renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
