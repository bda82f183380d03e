using System.CommandLine;
using ClusterGateway.Kube.Config;

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
        Description = "The Secret in the manager's namespace holding the self-signed CA (tls.crt, tls.key; previous-ca.crt during a rotation).",
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

    private readonly Option<bool> _installAll = new("--install-all")
    {
        Description = "Create the ManagedClusterAddOn cluster-gateway in every ManagedCluster namespace (upstream's install-all strategy); otherwise enable it per cluster with clusteradm enable addon. [default: false]",
    };

    private readonly Option<string> _clusterHealthInterval = new("--cluster-health-interval")
    {
        Description = "How often each enabled cluster's /healthz is probed through the gateway (Go duration; up to 20% jitter is added).",
        DefaultValueFactory = _ => "30s",
    };

    private readonly Option<int> _clusterHealthConcurrency = new("--cluster-health-concurrency")
    {
        Description = "At most this many cluster health probes run at once.",
        DefaultValueFactory = _ => 4,
    };

    private readonly Option<string> _leaseDuration = new("--leader-elect-lease-duration")
    {
        Description = "How long followers wait after the last renewal before taking over (Go duration).",
        DefaultValueFactory = _ => "15s",
    };

    private readonly Option<string> _renewDeadline = new("--leader-elect-renew-deadline")
    {
        Description = "The leader stops leading and exits 1 when no Lease renewal succeeded for this long, even if the hub " +
            "never answers; less than --leader-elect-lease-duration (Go duration).",
        DefaultValueFactory = _ => "10s",
    };

    private readonly Option<string> _retryPeriod = new("--leader-elect-retry-period")
    {
        Description = "The interval between leader-election attempts (Go duration).",
        DefaultValueFactory = _ => "2s",
    };

    /// <summary>Builds the root command.</summary>
    public AddonManagerCommandLine()
    {
        Command = new RootCommand(
            "ClusterGateway addon-manager: installs and maintains the cluster gateway on an OCM hub. " +
            "Environment: NAMESPACE (the manager's namespace; defaults to the service-account namespace).")
        {
            _leaderElect, _signerSecretName, _metricsBindAddress, _healthProbeBindAddress, _kubeconfig,
            _installAll, _clusterHealthInterval, _clusterHealthConcurrency, _leaseDuration, _renewDeadline, _retryPeriod,
        };
    }

    /// <summary>The root command; set its action in the composition root.</summary>
    public RootCommand Command { get; }

    /// <summary>Reads the options from a successful parse and the environment.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="environment">Environment lookup (injectable for tests).</param>
    /// <param name="readNamespaceFile">Reads <see cref="ServiceAccountNamespaceFile"/>, or <see langword="null"/> when absent.</param>
    /// <returns>The options.</returns>
    /// <exception cref="AddonManagerOptionsException">No namespace is known, or a duration or count is invalid.</exception>
    public AddonManagerOptions ToOptions(ParseResult result, Func<string, string?> environment, Func<string?> readNamespaceFile)
    {
        var ns = environment("NAMESPACE") is { Length: > 0 } fromEnvironment ? fromEnvironment : readNamespaceFile()?.Trim();
        if (string.IsNullOrEmpty(ns))
        {
            throw new AddonManagerOptionsException(
                "the manager should be either running in a container or specify NAMESPACE environment");
        }

        var concurrency = result.GetValue(_clusterHealthConcurrency);
        if (concurrency < 1)
        {
            throw new AddonManagerOptionsException($"--cluster-health-concurrency must be at least 1, got {concurrency}");
        }

        var options = new AddonManagerOptions(
            result.GetValue(_leaderElect),
            result.GetValue(_signerSecretName)!,
            result.GetValue(_metricsBindAddress)!,
            result.GetValue(_healthProbeBindAddress)!,
            result.GetValue(_kubeconfig),
            ns)
        {
            InstallAll = result.GetValue(_installAll),
            ClusterHealthInterval = Duration(result, _clusterHealthInterval, positive: true),
            ClusterHealthConcurrency = concurrency,
            LeaseDuration = Duration(result, _leaseDuration, positive: true),
            RenewDeadline = Duration(result, _renewDeadline, positive: true),
            RetryPeriod = Duration(result, _retryPeriod, positive: true),
        };
        ValidateLeaderElection(options);
        return options;
    }

    /// <summary>
    /// The timing rules of client-go <c>NewLeaderElector</c>, checked at start-up so that a bad flag exits 2 with a clear
    /// message: the leader must give up (renew deadline) before followers may take over (lease duration), and a retry
    /// must fit before the deadline.
    /// </summary>
    private void ValidateLeaderElection(AddonManagerOptions options)
    {
        if (options.LeaseDuration <= options.RenewDeadline)
        {
            throw new AddonManagerOptionsException(
                $"{_leaseDuration.Name} ({GoDuration.Format(options.LeaseDuration)}) must be greater than {_renewDeadline.Name} " +
                $"({GoDuration.Format(options.RenewDeadline)}): a leader that cannot reach the hub keeps working until the renew " +
                "deadline, and another replica may lead once the lease duration has passed");
        }

        if (options.RenewDeadline <= options.RetryPeriod)
        {
            throw new AddonManagerOptionsException(
                $"{_renewDeadline.Name} ({GoDuration.Format(options.RenewDeadline)}) must be greater than {_retryPeriod.Name} " +
                $"({GoDuration.Format(options.RetryPeriod)}): no renewal attempt would fit before the deadline");
        }
    }

    private static TimeSpan Duration(ParseResult result, Option<string> option, bool positive)
    {
        var text = result.GetValue(option)!;
        return GoDuration.TryParse(text, out var value) && (!positive || value > TimeSpan.Zero)
            ? value
            : throw new AddonManagerOptionsException($"{option.Name}: invalid duration \"{text}\" (e.g. 30s, 1m30s)");
    }
}
