using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// The gateway's command line for a configuration, in our gateway's flag names (the same as upstream's): serving on
/// 9443 with the mounted certificate, Secrets from <c>secretNamespace</c>, OCM integration on, and for ClusterProxy egress
/// the proxy address and the mounted mTLS material; and, when given, how long a health probe result outranks the
/// ManagedCluster's Available condition (<c>--health-probe-freshness</c>, N × the manager's probe interval).
/// </summary>
internal static class GatewayArguments
{
    /// <summary>Builds the arguments.</summary>
    /// <param name="spec">The configuration spec.</param>
    /// <param name="healthProbeFreshness">The gateway's <c>--health-probe-freshness</c>; its default when null.</param>
    /// <returns>The container args.</returns>
    /// <exception cref="ArgumentException">ClusterProxy egress without <c>clusterProxy</c> settings.</exception>
    public static IReadOnlyList<string> Build(ClusterGatewayConfigurationSpec spec, TimeSpan? healthProbeFreshness = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var args = new List<string>
        {
            $"--secure-port={InstallationNames.SecurePort}",
            $"--secret-namespace={spec.SecretNamespace}",
            "--ocm-integration=true",
            $"--tls-cert-file={InstallationNames.ServingCertDirectory}tls.crt",
            $"--tls-private-key-file={InstallationNames.ServingCertDirectory}tls.key",
            "--feature-gates=HealthinessCheck=true,SecretCache=true",
        };
        if (healthProbeFreshness is { } freshness)
        {
            args.Add($"--health-probe-freshness={GoDuration.Format(freshness)}");
        }

        if (IsClusterProxy(spec))
        {
            var proxy = ClusterProxy(spec);
            args.Add($"--proxy-host={proxy.ProxyServerHost}");
            args.Add($"--proxy-port={proxy.ProxyServerPort}");
            args.Add($"--proxy-ca-cert={InstallationNames.ProxyCaDirectory}ca.crt");
            args.Add($"--proxy-cert={InstallationNames.ProxyClientDirectory}tls.crt");
            args.Add($"--proxy-key={InstallationNames.ProxyClientDirectory}tls.key");
        }

        return args;
    }

    /// <summary>Whether the egress is ClusterProxy (the type is compared exactly, as upstream).</summary>
    /// <param name="spec">The spec.</param>
    /// <returns><see langword="true"/> for ClusterProxy.</returns>
    public static bool IsClusterProxy(ClusterGatewayConfigurationSpec spec) =>
        string.Equals(spec.Egress.Type, EgressTypes.ClusterProxy, StringComparison.Ordinal);

    /// <summary>The ClusterProxy settings of a ClusterProxy egress.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">They are missing.</exception>
    public static ClusterGatewayClusterProxy ClusterProxy(ClusterGatewayConfigurationSpec spec) =>
        spec.Egress.ClusterProxy
        ?? throw new ArgumentException("egress.type ClusterProxy requires egress.clusterProxy.", nameof(spec));
}
