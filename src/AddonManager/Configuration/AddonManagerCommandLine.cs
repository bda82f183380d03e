using System.CommandLine;

namespace ClusterGateway.AddonManager.Configuration;

/// <summary>
/// The addon-manager's command line (System.CommandLine renders <c>--help</c> with defaults): the upstream flags
/// <c>--leader-elect</c>, <c>--signer-secret-name</c>, <c>--metrics-bind-address</c>, <c>--health-probe-bind-address</c>,
/// <c>--kubeconfig</c>, and the <c>NAMESPACE</c> environment variable.
/// </summary>
internal sealed class AddonManagerCommandLine
{
    /// <summary>Where the namespace is read from when <c>NAMESPACE</c> is unset (upstream <c>pkg/util/namespace.go</c>).</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private readonly Option<bool> _leaderElect = new("--leader-elect")
    {
        Description = "Enable leader election (Lease " + AddonManagerOptions.LeaderElectionId + "), so that only one manager is active. [default: false]",
    };

    private readonly Option<string> _signerSecretName = new("--signer-secret-name")
    {
        Description = "The Secret in the manager's namespace holding the self-signed CA (ca.crt, ca.key).",
        DefaultValueFactory = _ => AddonManagerOptions.DefaultSignerSecretName,
    };

    private readonly Option<string> _metricsBindAddress = new("--metrics-bind-address")
    {
        Description = "The address the metric endpoint binds to (host:port; 0 disables).",
        DefaultValueFactory = _ => AddonManagerOptions.DefaultMetricsBindAddress,
    };

    private readonly Option<string> _healthProbeBindAddress = new("--health-probe-bind-address")
    {
        Description = "The address the /healthz and /readyz endpoints bind to (host:port).",
        DefaultValueFactory = _ => AddonManagerOptions.DefaultHealthProbeBindAddress,
    };

    private readonly Option<string?> _kubeconfig = new("--kubeconfig")
    {
        Description = "Path to a kubeconfig; in-cluster configuration when omitted.",
    };

    /// <summary>Builds the root command.</summary>
    public AddonManagerCommandLine()
    {
        Command = new RootCommand(
            "ClusterGateway addon-manager: installs and maintains the cluster gateway on an OCM hub. " +
            "Environment: NAMESPACE (the manager's namespace; defaults to the service-account namespace).")
        {
            _leaderElect, _signerSecretName, _metricsBindAddress, _healthProbeBindAddress, _kubeconfig,
        };
    }

    /// <summary>The root command; set its action in the composition root.</summary>
    public RootCommand Command { get; }

    /// <summary>Reads the options from a successful parse and the environment.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="environment">Environment lookup (injectable for tests).</param>
    /// <param name="readNamespaceFile">Reads <see cref="ServiceAccountNamespaceFile"/>, or <see langword="null"/> when absent.</param>
    /// <returns>The options.</returns>
    /// <exception cref="AddonManagerOptionsException">No namespace is known.</exception>
    public AddonManagerOptions ToOptions(ParseResult result, Func<string, string?> environment, Func<string?> readNamespaceFile)
    {
        var ns = environment("NAMESPACE") is { Length: > 0 } fromEnvironment ? fromEnvironment : readNamespaceFile()?.Trim();
        if (string.IsNullOrEmpty(ns))
        {
            throw new AddonManagerOptionsException(
                "the manager should be either running in a container or specify NAMESPACE environment");
        }

        return new AddonManagerOptions(
            result.GetValue(_leaderElect),
            result.GetValue(_signerSecretName)!,
            result.GetValue(_metricsBindAddress)!,
            result.GetValue(_healthProbeBindAddress)!,
            result.GetValue(_kubeconfig),
            ns);
    }
}
