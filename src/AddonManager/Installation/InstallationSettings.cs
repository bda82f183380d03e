using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Health;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>What the installation reconciler needs from the manager's options.</summary>
/// <param name="ManagerNamespace">The manager's namespace (<c>NAMESPACE</c>): where the signer Secret lives.</param>
/// <param name="SignerSecretName">The signer Secret's name (<c>--signer-secret-name</c>).</param>
/// <param name="TlsPolicy">Certificate lifetimes and thresholds; <see cref="TlsPolicy.Default"/> in production.</param>
internal sealed record InstallationSettings(string ManagerNamespace, string SignerSecretName, TlsPolicy TlsPolicy)
{
    /// <summary>
    /// The deployed gateway's <c>--health-probe-freshness</c>: <see cref="HealthProbeOptions.FreshnessIntervals"/> ×
    /// <c>--cluster-health-interval</c>, so probe results stay fresh between this manager's writes whatever the interval;
    /// null leaves the gateway's default (90 s).
    /// </summary>
    public TimeSpan? HealthProbeFreshness { get; init; }

    /// <summary>The settings of a parsed command line, with the default TLS policy.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The settings.</returns>
    public static InstallationSettings From(AddonManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InstallationSettings(options.Namespace, options.SignerSecretName, TlsPolicy.Default)
        {
            HealthProbeFreshness = options.ClusterHealthInterval * HealthProbeOptions.FreshnessIntervals,
        };
    }
}
