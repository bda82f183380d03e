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
        "Hub mode: merge endpoints, CA and health from OCM ManagedClusters of the same name as the cluster Secrets.");

    public static readonly GatewayFlag FeatureGates = new("feature-gates", FlagKind.String, null,
        "Comma-separated Gate=true|false pairs: HealthinessCheck (default true), SecretCache, " +
        "ClientIdentityPenetration, OCMClusterCache, ExposeClusterCredentials (default false: ClusterGateway " +
        "responses withhold tokens and private keys).");

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

    public static readonly GatewayFlag AccessLog = new("access-log", FlagKind.Bool, "true",
        "Log one line per proxied request at information: user, cluster, inner verb, resource, namespace, name, " +
        "status, bytes, duration (and session length for exec, attach, port-forward). Never a credential or a query.");

    // Delegated authentication (k8s.io/apiserver pkg/server/options/authentication.go).
    public static readonly GatewayFlag AuthenticationKubeconfig = new("authentication-kubeconfig", FlagKind.String, null,
        "Kubeconfig for TokenReview and the extension-apiserver-authentication ConfigMap (default: the hub's).");

    public static readonly GatewayFlag AuthenticationSkipLookup = new("authentication-skip-lookup", FlagKind.Bool, "false",
        "Do not read kube-system/extension-apiserver-authentication; use only the --client-ca-file/--requestheader-* flags.");

    public static readonly GatewayFlag AuthenticationTokenWebhookCacheTtl = new("authentication-token-webhook-cache-ttl",
        FlagKind.Duration, "10s", "How long TokenReview answers are cached.");

    public static readonly GatewayFlag AuthenticationTolerateLookupFailure = new("authentication-tolerate-lookup-failure",
        FlagKind.Bool, "false", "Start even when the extension-apiserver-authentication ConfigMap cannot be read.");

    public static readonly GatewayFlag ClientCaFile = new("client-ca-file", FlagKind.String, null,
        "PEM CA bundle: client certificates it signs authenticate as CN (user) and O (groups).");

    public static readonly GatewayFlag RequestHeaderClientCaFile = new("requestheader-client-ca-file", FlagKind.String, null,
        "PEM CA bundle of the front proxy (the aggregator); only its certificates may send X-Remote-* identity headers.");

    public static readonly GatewayFlag RequestHeaderAllowedNames = new("requestheader-allowed-names", FlagKind.List, null,
        "Common names the front-proxy certificate may have; empty allows any signed by --requestheader-client-ca-file.");

    public static readonly GatewayFlag RequestHeaderUsernameHeaders = new("requestheader-username-headers", FlagKind.List,
        "X-Remote-User", "Headers holding the user name, first non-empty wins.");

    public static readonly GatewayFlag RequestHeaderUidHeaders = new("requestheader-uid-headers", FlagKind.List,
        "X-Remote-Uid", "Headers holding the user UID.");

    public static readonly GatewayFlag RequestHeaderGroupHeaders = new("requestheader-group-headers", FlagKind.List,
        "X-Remote-Group", "Headers holding the groups (every value of every header).");

    public static readonly GatewayFlag RequestHeaderExtraHeadersPrefix = new("requestheader-extra-headers-prefix",
        FlagKind.List, "X-Remote-Extra-", "Header prefixes of user extras; the rest of the name is the (escaped) key.");

    // Delegated authorization (k8s.io/apiserver pkg/server/options/authorization.go).
    public static readonly GatewayFlag AuthorizationKubeconfig = new("authorization-kubeconfig", FlagKind.String, null,
        "Kubeconfig for SubjectAccessReview (default: the hub's).");

    public static readonly GatewayFlag AuthorizationAuthorizedTtl = new("authorization-webhook-cache-authorized-ttl",
        FlagKind.Duration, "10s", "How long allowed SubjectAccessReview answers are cached.");

    public static readonly GatewayFlag AuthorizationUnauthorizedTtl = new("authorization-webhook-cache-unauthorized-ttl",
        FlagKind.Duration, "10s", "How long denied SubjectAccessReview answers are cached.");

    public static readonly GatewayFlag AuthorizationAlwaysAllowPaths = new("authorization-always-allow-paths",
        FlagKind.List, "/healthz,/readyz,/livez", "Paths allowed without authorization (a trailing * matches a prefix).");

    public static readonly GatewayFlag AuthorizationAlwaysAllowGroups = new("authorization-always-allow-groups",
        FlagKind.List, "system:masters", "Groups allowed everything without a SubjectAccessReview.");

    // Proxy authorization and identity; cluster-proxy egress.
    public static readonly GatewayFlag AuthorizeProxySubpath = new("authorize-proxy-subpath", FlagKind.Bool, "false",
        "Also authorize the proxied request itself (its resource, namespace and verb) with a SubjectAccessReview " +
        "on the hub; hub mode only.");

    public static readonly GatewayFlag ClusterGatewayProxyConfig = new("cluster-gateway-proxy-config", FlagKind.String,
        null, "ClusterGatewayProxyConfiguration file (YAML/JSON) with global ClientIdentityExchanger rules; " +
        "validated at startup.");

    public static readonly GatewayFlag ProxyHost = new("proxy-host", FlagKind.String, null,
        "OCM cluster-proxy (konnectivity) server host, also its TLS server name; ClusterProxy clusters are " +
        "reached through it. Requires --proxy-ca-cert, --proxy-cert and --proxy-key.");

    public static readonly GatewayFlag ProxyPort = new("proxy-port", FlagKind.Int, "8090",
        "OCM cluster-proxy server port.");

    public static readonly GatewayFlag ProxyCaCert = new("proxy-ca-cert", FlagKind.String, null,
        "CA bundle (PEM file) that verifies the cluster-proxy server.");

    public static readonly GatewayFlag ProxyCert = new("proxy-cert", FlagKind.String, null,
        "Client certificate (PEM file) presented to the cluster-proxy server.");

    public static readonly GatewayFlag ProxyKey = new("proxy-key", FlagKind.String, null,
        "Client key (PEM file) of --proxy-cert.");

    // Proxy identity, limits and upstream connections.
    public static readonly GatewayFlag ProxyImpersonateExtras = new("proxy-impersonate-extras", FlagKind.Bool, "true",
        "When impersonating the caller on a cluster, also send its extras (Impersonate-Extra-*).");

    public static readonly GatewayFlag ProxyMaxInflightPerCluster = new("proxy-max-requests-in-flight-per-cluster",
        FlagKind.Int, "0", "Concurrent proxied requests per cluster (long-running ones included); 0 = unlimited. " +
        "Excess requests get 429 TooManyRequests.");

    public static readonly GatewayFlag ProxyQpsPerCluster = new("proxy-qps-per-cluster", FlagKind.Int, "0",
        "Proxied requests per second per cluster (token bucket); 0 = unlimited. Excess requests get 429.");

    public static readonly GatewayFlag ProxyBurstPerCluster = new("proxy-burst-per-cluster", FlagKind.Int, "0",
        "Token-bucket burst for --proxy-qps-per-cluster (default: the QPS value).");

    public static readonly GatewayFlag FastFailUnhealthyClusters = new("fast-fail-unhealthy-clusters", FlagKind.Bool,
        "false", "Answer 503 at once for clusters whose health annotation says unhealthy, instead of trying them.");

    public static readonly GatewayFlag UpstreamConnectTimeout = new("upstream-connect-timeout", FlagKind.Duration,
        "30s", "Timeout for connecting to a cluster, TLS handshake included.");

    public static readonly GatewayFlag FanoutClusterTimeout = new("fanout-cluster-timeout", FlagKind.Duration, "10s",
        "Per-cluster deadline of a fan-out list (clustergateways/*/proxy): a cluster that has not answered in time " +
        "is left out with a Warning (or fails the request with ?partial=false).");

    public static readonly GatewayFlag ExecCredentialTimeout = new("exec-credential-timeout", FlagKind.Duration, "30s",
        "Timeout for a Dynamic cluster's exec credential plugin.");

    // OCM integration and cluster-proxy egress.
    public static readonly GatewayFlag OcmFilterDanglingClusters = new("ocm-filter-dangling-clusters", FlagKind.Bool,
        "false", "With --ocm-integration: hide cluster Secrets that have no ManagedCluster of the same name.");

    public static readonly GatewayFlag HealthProbeFreshness = new("health-probe-freshness", FlagKind.Duration, "90s",
        "With --ocm-integration: how long health written through the health subresource (a probe result) outranks " +
        "the ManagedCluster's Available condition; 0 lets the condition always win.");

    public static readonly GatewayFlag ProxyFrontend = new("proxy-frontend", FlagKind.String, "grpc",
        "Frontend of the cluster-proxy (konnectivity) server: grpc (the cluster-proxy default) or http-connect.");

    // Graceful shutdown (k8s.io/apiserver pkg/server/options/server_run_options.go).
    public static readonly GatewayFlag ShutdownGracePeriod = new("shutdown-grace-period", FlagKind.Duration, "30s",
        "After SIGTERM: how long in-flight requests may take before they are cut and the process exits " +
        "(the shutdown delay included). Watches and proxied streams are ended at once.");

    public static readonly GatewayFlag ShutdownDelayDuration = new("shutdown-delay-duration", FlagKind.Duration, "0s",
        "After SIGTERM: keep serving this long while /readyz fails, so load balancers notice, before draining.");

    /// <summary>Every flag, in help order.</summary>
    public static readonly IReadOnlyList<GatewayFlag> All =
    [
        SecretNamespace, Kubeconfig, OcmIntegration, FeatureGates, SecurePort, BindAddress, TlsCertFile,
        TlsPrivateKeyFile, ClustersDir, ImportKubeconfig, WriteKubeconfig, Token,
        AuthenticationKubeconfig, AuthenticationSkipLookup, AuthenticationTokenWebhookCacheTtl,
        AuthenticationTolerateLookupFailure, ClientCaFile, RequestHeaderClientCaFile, RequestHeaderAllowedNames,
        RequestHeaderUsernameHeaders, RequestHeaderUidHeaders, RequestHeaderGroupHeaders,
        RequestHeaderExtraHeadersPrefix, AuthorizationKubeconfig, AuthorizationAuthorizedTtl,
        AuthorizationUnauthorizedTtl, AuthorizationAlwaysAllowPaths, AuthorizationAlwaysAllowGroups,
        AuthorizeProxySubpath, ClusterGatewayProxyConfig, ProxyImpersonateExtras, ProxyMaxInflightPerCluster,
        ProxyQpsPerCluster, ProxyBurstPerCluster, FastFailUnhealthyClusters, UpstreamConnectTimeout,
        FanoutClusterTimeout, ExecCredentialTimeout, OcmFilterDanglingClusters, HealthProbeFreshness, ProxyHost, ProxyPort, ProxyCaCert,
        ProxyCert, ProxyKey, ProxyFrontend, ShutdownGracePeriod, ShutdownDelayDuration, LogFormat, Verbosity, AccessLog,
    ];
}
