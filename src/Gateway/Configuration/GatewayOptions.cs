using System.Globalization;
using ClusterGateway.Crds;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Configuration;

/// <summary>
/// The gateway's settings, read from flags, environment and configuration (see <see cref="GatewayFlags"/>).
/// Local mode (any of <see cref="ClustersDir"/>, <see cref="ImportKubeconfig"/>) reads clusters from files and needs
/// no hub; hub mode reads Secrets in <see cref="SecretNamespace"/> through an informer.
/// </summary>
internal sealed record GatewayOptions
{
    public string SecretNamespace { get; init; } = ApiGroups.DefaultSecretNamespace;

    public string? Kubeconfig { get; init; }

    public bool OcmIntegration { get; init; }

    public FeatureGates Features { get; init; } = FeatureGates.Default;

    public int SecurePort { get; init; } = 9443;

    public string? BindAddress { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsPrivateKeyFile { get; init; }

    public string? ClustersDir { get; init; }

    public string? ImportKubeconfig { get; init; }

    public string? WriteKubeconfig { get; init; }

    public string? Token { get; init; }

    public string? AuthenticationKubeconfig { get; init; }

    public bool AuthenticationSkipLookup { get; init; }

    public TimeSpan TokenReviewCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    public bool AuthenticationTolerateLookupFailure { get; init; }

    public string? ClientCaFile { get; init; }

    public string? RequestHeaderClientCaFile { get; init; }

    public IReadOnlyList<string> RequestHeaderAllowedNames { get; init; } = [];

    public IReadOnlyList<string> RequestHeaderUsernameHeaders { get; init; } = ["X-Remote-User"];

    public IReadOnlyList<string> RequestHeaderUidHeaders { get; init; } = ["X-Remote-Uid"];

    public IReadOnlyList<string> RequestHeaderGroupHeaders { get; init; } = ["X-Remote-Group"];

    public IReadOnlyList<string> RequestHeaderExtraHeadersPrefix { get; init; } = ["X-Remote-Extra-"];

    public string? AuthorizationKubeconfig { get; init; }

    public TimeSpan AuthorizedCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan UnauthorizedCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> AuthorizationAlwaysAllowPaths { get; init; } = ["/healthz", "/readyz", "/livez"];

    public IReadOnlyList<string> AuthorizationAlwaysAllowGroups { get; init; } = ["system:masters"];

    public bool AuthorizeProxySubpath { get; init; }

    public string? ClusterGatewayProxyConfig { get; init; }

    public bool ProxyImpersonateExtras { get; init; } = true;

    public int ProxyMaxInflightPerCluster { get; init; }

    public int ProxyQpsPerCluster { get; init; }

    public int ProxyBurstPerCluster { get; init; }

    public bool FastFailUnhealthyClusters { get; init; }

    public TimeSpan UpstreamConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ExecCredentialTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--fanout-cluster-timeout</c>: how long one cluster of a fan-out list may take (default 10 s).</summary>
    public TimeSpan FanoutClusterTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool OcmFilterDanglingClusters { get; init; }

    /// <summary>
    /// <c>--health-probe-freshness</c>: how long a probe result (health written through the health subresource, stamped
    /// <c>status.cluster.core.oam.dev/healthy-time</c>) outranks the ManagedCluster's Available condition; default 90 s,
    /// three times the addon-manager's default <c>--cluster-health-interval</c> of 30 s. Zero: the condition always wins.
    /// </summary>
    public TimeSpan HealthProbeFreshness { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How often hub mode checks whether the OCM ManagedCluster API is served (no flag; tests shorten it).</summary>
    public TimeSpan OcmDiscoveryInterval { get; init; } = TimeSpan.FromSeconds(30);

    public string? ProxyHost { get; init; }

    public int ProxyPort { get; init; } = 8090;

    public string? ProxyCaCert { get; init; }

    public string? ProxyCert { get; init; }

    public string? ProxyKey { get; init; }

    public string ProxyFrontend { get; init; } = "grpc";

    /// <summary><c>--shutdown-grace-period</c>: the host's shutdown timeout.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--shutdown-delay-duration</c>: serving on with a failing readyz before draining.</summary>
    public TimeSpan ShutdownDelayDuration { get; init; }

    public string LogFormat { get; init; } = "text";

    public int Verbosity { get; init; }

    /// <summary><c>--access-log</c> (default on): one information line per proxied request.</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>Local mode: clusters come from files, not from a hub.</summary>
    public bool IsLocalMode => ClustersDir is not null || ImportKubeconfig is not null;

    /// <summary>The address Kestrel binds: the flag, else 127.0.0.1 in local mode and 0.0.0.0 in hub mode.</summary>
    public string EffectiveBindAddress => BindAddress ?? (IsLocalMode ? "127.0.0.1" : "0.0.0.0");

    /// <summary>Reads the options from configuration keys named like the flags.</summary>
    /// <param name="configuration">Configuration with flag-named keys (<c>secret-namespace</c>, ...).</param>
    /// <returns>The options.</returns>
    /// <exception cref="GatewayOptionsException">A value is malformed or the combination is invalid.</exception>
    public static GatewayOptions From(IConfiguration configuration)
    {
        string? Text(GatewayFlag flag) =>
            configuration[flag.Name] is { Length: > 0 } value ? value : null;

        var options = new GatewayOptions
        {
            SecretNamespace = Text(GatewayFlags.SecretNamespace) ?? ApiGroups.DefaultSecretNamespace,
            Kubeconfig = Text(GatewayFlags.Kubeconfig),
            OcmIntegration = Bool(GatewayFlags.OcmIntegration, Text(GatewayFlags.OcmIntegration)),
            Features = FeatureGates.Parse(Text(GatewayFlags.FeatureGates)),
            SecurePort = Int(GatewayFlags.SecurePort, Text(GatewayFlags.SecurePort), 9443),
            BindAddress = Text(GatewayFlags.BindAddress),
            TlsCertFile = Text(GatewayFlags.TlsCertFile),
            TlsPrivateKeyFile = Text(GatewayFlags.TlsPrivateKeyFile),
            ClustersDir = Text(GatewayFlags.ClustersDir),
            ImportKubeconfig = Text(GatewayFlags.ImportKubeconfig),
            WriteKubeconfig = Text(GatewayFlags.WriteKubeconfig),
            Token = Text(GatewayFlags.Token),
            AuthenticationKubeconfig = Text(GatewayFlags.AuthenticationKubeconfig),
            AuthenticationSkipLookup = Bool(GatewayFlags.AuthenticationSkipLookup, Text(GatewayFlags.AuthenticationSkipLookup)),
            TokenReviewCacheTtl = Duration(GatewayFlags.AuthenticationTokenWebhookCacheTtl,
                Text(GatewayFlags.AuthenticationTokenWebhookCacheTtl)),
            AuthenticationTolerateLookupFailure = Bool(GatewayFlags.AuthenticationTolerateLookupFailure,
                Text(GatewayFlags.AuthenticationTolerateLookupFailure)),
            ClientCaFile = Text(GatewayFlags.ClientCaFile),
            RequestHeaderClientCaFile = Text(GatewayFlags.RequestHeaderClientCaFile),
            RequestHeaderAllowedNames = List(GatewayFlags.RequestHeaderAllowedNames, Text(GatewayFlags.RequestHeaderAllowedNames)),
            RequestHeaderUsernameHeaders = List(GatewayFlags.RequestHeaderUsernameHeaders,
                Text(GatewayFlags.RequestHeaderUsernameHeaders)),
            RequestHeaderUidHeaders = List(GatewayFlags.RequestHeaderUidHeaders, Text(GatewayFlags.RequestHeaderUidHeaders)),
            RequestHeaderGroupHeaders = List(GatewayFlags.RequestHeaderGroupHeaders, Text(GatewayFlags.RequestHeaderGroupHeaders)),
            RequestHeaderExtraHeadersPrefix = List(GatewayFlags.RequestHeaderExtraHeadersPrefix,
                Text(GatewayFlags.RequestHeaderExtraHeadersPrefix)),
            AuthorizationKubeconfig = Text(GatewayFlags.AuthorizationKubeconfig),
            AuthorizedCacheTtl = Duration(GatewayFlags.AuthorizationAuthorizedTtl, Text(GatewayFlags.AuthorizationAuthorizedTtl)),
            UnauthorizedCacheTtl = Duration(GatewayFlags.AuthorizationUnauthorizedTtl,
                Text(GatewayFlags.AuthorizationUnauthorizedTtl)),
            AuthorizationAlwaysAllowPaths = List(GatewayFlags.AuthorizationAlwaysAllowPaths,
                Text(GatewayFlags.AuthorizationAlwaysAllowPaths)),
            AuthorizationAlwaysAllowGroups = List(GatewayFlags.AuthorizationAlwaysAllowGroups,
                Text(GatewayFlags.AuthorizationAlwaysAllowGroups)),
            AuthorizeProxySubpath = Bool(GatewayFlags.AuthorizeProxySubpath, Text(GatewayFlags.AuthorizeProxySubpath)),
            ClusterGatewayProxyConfig = Text(GatewayFlags.ClusterGatewayProxyConfig),
            ProxyImpersonateExtras = Text(GatewayFlags.ProxyImpersonateExtras) is null
                || Bool(GatewayFlags.ProxyImpersonateExtras, Text(GatewayFlags.ProxyImpersonateExtras)),
            ProxyMaxInflightPerCluster = Int(GatewayFlags.ProxyMaxInflightPerCluster, Text(GatewayFlags.ProxyMaxInflightPerCluster), 0),
            ProxyQpsPerCluster = Int(GatewayFlags.ProxyQpsPerCluster, Text(GatewayFlags.ProxyQpsPerCluster), 0),
            ProxyBurstPerCluster = Int(GatewayFlags.ProxyBurstPerCluster, Text(GatewayFlags.ProxyBurstPerCluster), 0),
            FastFailUnhealthyClusters = Bool(GatewayFlags.FastFailUnhealthyClusters, Text(GatewayFlags.FastFailUnhealthyClusters)),
            UpstreamConnectTimeout = Duration(GatewayFlags.UpstreamConnectTimeout, Text(GatewayFlags.UpstreamConnectTimeout)),
            ExecCredentialTimeout = Duration(GatewayFlags.ExecCredentialTimeout, Text(GatewayFlags.ExecCredentialTimeout)),
            FanoutClusterTimeout = Duration(GatewayFlags.FanoutClusterTimeout, Text(GatewayFlags.FanoutClusterTimeout)),
            OcmFilterDanglingClusters = Bool(GatewayFlags.OcmFilterDanglingClusters, Text(GatewayFlags.OcmFilterDanglingClusters)),
            HealthProbeFreshness = Duration(GatewayFlags.HealthProbeFreshness, Text(GatewayFlags.HealthProbeFreshness)),
            ProxyHost = Text(GatewayFlags.ProxyHost),
            ProxyPort = Int(GatewayFlags.ProxyPort, Text(GatewayFlags.ProxyPort), 8090),
            ProxyCaCert = Text(GatewayFlags.ProxyCaCert),
            ProxyCert = Text(GatewayFlags.ProxyCert),
            ProxyKey = Text(GatewayFlags.ProxyKey),
            ProxyFrontend = Text(GatewayFlags.ProxyFrontend) ?? "grpc",
            ShutdownGracePeriod = Duration(GatewayFlags.ShutdownGracePeriod, Text(GatewayFlags.ShutdownGracePeriod)),
            ShutdownDelayDuration = Duration(GatewayFlags.ShutdownDelayDuration, Text(GatewayFlags.ShutdownDelayDuration)),
            LogFormat = Text(GatewayFlags.LogFormat) ?? "text",
            Verbosity = Int(GatewayFlags.Verbosity, Text(GatewayFlags.Verbosity), 0),
            AccessLog = Text(GatewayFlags.AccessLog) is null || Bool(GatewayFlags.AccessLog, Text(GatewayFlags.AccessLog)),
        };
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if ((TlsCertFile is null) != (TlsPrivateKeyFile is null))
        {
            throw new GatewayOptionsException("--tls-cert-file and --tls-private-key-file must be given together.");
        }

        if (SecurePort is < 0 or > 65535)
        {
            throw new GatewayOptionsException($"--secure-port must be between 0 and 65535, not {SecurePort}.");
        }

        foreach (var (flag, value) in new[]
                 {
                     (GatewayFlags.ProxyMaxInflightPerCluster, ProxyMaxInflightPerCluster),
                     (GatewayFlags.ProxyQpsPerCluster, ProxyQpsPerCluster),
                     (GatewayFlags.ProxyBurstPerCluster, ProxyBurstPerCluster),
                 })
        {
            if (value < 0)
            {
                throw new GatewayOptionsException($"--{flag.Name} must be 0 (unlimited) or more, not {value}.");
            }
        }

        if (HealthProbeFreshness < TimeSpan.Zero)
        {
            throw new GatewayOptionsException($"--{GatewayFlags.HealthProbeFreshness.Name} must be 0 or more.");
        }

        if (ProxyFrontend is not ("grpc" or "http-connect"))
        {
            throw new GatewayOptionsException($"--proxy-frontend must be grpc or http-connect, not \"{ProxyFrontend}\".");
        }

        if (ProxyHost is not null)
        {
            var missing = new[] { GatewayFlags.ProxyCaCert, GatewayFlags.ProxyCert, GatewayFlags.ProxyKey }
                .Zip(new[] { ProxyCaCert, ProxyCert, ProxyKey })
                .Where(pair => string.IsNullOrEmpty(pair.Second))
                .Select(pair => $"--{pair.First.Name}")
                .ToList();
            if (missing.Count > 0)
            {
                throw new GatewayOptionsException(
                    $"--proxy-host requires --proxy-ca-cert, --proxy-cert and --proxy-key (missing: {string.Join(", ", missing)}).");
            }
        }

        if (ProxyPort is < 1 or > 65535)
        {
            throw new GatewayOptionsException($"--proxy-port must be between 1 and 65535, not {ProxyPort}.");
        }

        if (ShutdownGracePeriod < TimeSpan.Zero || ShutdownDelayDuration < TimeSpan.Zero)
        {
            throw new GatewayOptionsException("--shutdown-grace-period and --shutdown-delay-duration must not be negative.");
        }

        if (ShutdownDelayDuration > TimeSpan.Zero && ShutdownDelayDuration >= ShutdownGracePeriod)
        {
            throw new GatewayOptionsException(
                $"--shutdown-delay-duration ({GoDuration.Format(ShutdownDelayDuration)}) must be shorter than " +
                $"--shutdown-grace-period ({GoDuration.Format(ShutdownGracePeriod)}): requests need time to drain.");
        }

        if (LogFormat is not ("text" or "json"))
        {
            throw new GatewayOptionsException($"--log-format must be text or json, not \"{LogFormat}\".");
        }

        if (IsLocalMode && Kubeconfig is not null)
        {
            throw new GatewayOptionsException(
                "--kubeconfig (hub mode) cannot be combined with --clusters-dir/--import-kubeconfig (local mode).");
        }
    }

    private static bool Bool(GatewayFlag flag, string? text) => text switch
    {
        null => false,
        _ when bool.TryParse(text, out var value) => value,
        _ => throw new GatewayOptionsException($"--{flag.Name} must be true or false, not \"{text}\"."),
    };

    private static TimeSpan Duration(GatewayFlag flag, string? text) =>
        GoDuration.TryParse(text ?? flag.Default ?? "0", out var value)
            ? value
            : throw new GatewayOptionsException($"--{flag.Name} must be a duration such as 10s or 1m30s, not \"{text}\".");

    // A list flag absent from every source takes its default; given as empty, it is empty.
    private static IReadOnlyList<string> List(GatewayFlag flag, string? text) =>
        (text ?? flag.Default ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Int(GatewayFlag flag, string? text, int fallback) => text switch
    {
        null => fallback,
        _ when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new GatewayOptionsException($"--{flag.Name} must be an integer, not \"{text}\"."),
    };
}
