using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Configuration;

/// <summary>The gateway's flags (upstream names; see README "Configuration reference").</summary>
internal static class GatewayFlags
{
    public static readonly GatewayFlag SecretNamespace = new("secret-namespace", FlagKind.String,
        ApiGroups.DefaultSecretNamespace, "Namespace of the hub Secrets that describe clusters.");

    public static readonly GatewayFlag Kubeconfig = new("kubeconfig", FlagKind.String, null,
        "Kubeconfig of the hub. Without it (and without local mode) the in-cluster configuration is used.");

    public static readonly GatewayFlag OcmIntegration = new("ocm-integration", FlagKind.Bool, "false",
        "Merge endpoints and health from OCM ManagedClusters (not implemented yet: accepted and ignored).");

    public static readonly GatewayFlag FeatureGates = new("feature-gates", FlagKind.String, null,
        "Comma-separated Gate=true|false pairs: HealthinessCheck (default true), SecretCache, " +
        "ClientIdentityPenetration, OCMClusterCache.");

    public static readonly GatewayFlag SecurePort = new("secure-port", FlagKind.Int, "9443",
        "HTTPS port; 0 picks a free port.");

    public static readonly GatewayFlag BindAddress = new("bind-address", FlagKind.String, null,
        "IP address to listen on (default 0.0.0.0; 127.0.0.1 in local mode).");

    public static readonly GatewayFlag TlsCertFile = new("tls-cert-file", FlagKind.String, null,
        "PEM serving certificate (chain). Without it a self-signed certificate for localhost is generated.");

    public static readonly GatewayFlag TlsPrivateKeyFile = new("tls-private-key-file", FlagKind.String, null,
        "PEM private key of --tls-cert-file.");

    public static readonly GatewayFlag ClustersDir = new("clusters-dir", FlagKind.String, null,
        "Local mode: a folder of Secret manifests (YAML/JSON, several documents per file allowed), reloaded on change.");

    public static readonly GatewayFlag ImportKubeconfig = new("import-kubeconfig", FlagKind.String, null,
        "Local mode: every context of this kubeconfig becomes a cluster named after the context.");

    public static readonly GatewayFlag WriteKubeconfig = new("write-kubeconfig", FlagKind.String, null,
        "Write a kubeconfig for reaching this gateway (server, CA, generated bearer token) to this path.");

    public static readonly GatewayFlag Token = new("token", FlagKind.String, null,
        "Bearer token clients must present (local authentication). Generated when absent.");

    public static readonly GatewayFlag LogFormat = new("log-format", FlagKind.String, "text",
        "Console log format: text or json.");

    public static readonly GatewayFlag Verbosity = new("v", FlagKind.Int, "0",
        "Log verbosity: 0 information, 1-3 debug, 4+ verbose (klog style).");

    /// <summary>Every flag, in help order.</summary>
    public static readonly IReadOnlyList<GatewayFlag> All =
    [
        SecretNamespace, Kubeconfig, OcmIntegration, FeatureGates, SecurePort, BindAddress, TlsCertFile,
        TlsPrivateKeyFile, ClustersDir, ImportKubeconfig, WriteKubeconfig, Token, LogFormat, Verbosity,
    ];
}
