namespace ClusterGateway.Crds;

/// <summary>Secret labels, data keys and annotations that describe a cluster (upstream <c>pkg/common/constants.go</c>).</summary>
public static class SecretKeys
{
    /// <summary>Label: <c>X509Certificate</c> | <c>ServiceAccountToken</c> | <c>Dynamic</c>. Secrets without it are not clusters.</summary>
    public const string CredentialTypeLabel = "cluster.core.oam.dev/cluster-credential-type";

    /// <summary>Label: <c>Const</c> (default) | <c>ClusterProxy</c>.</summary>
    public const string EndpointTypeLabel = "cluster.core.oam.dev/cluster-endpoint-type";

    /// <summary>Data key: the cluster's API server URL (Const endpoints).</summary>
    public const string Endpoint = "endpoint";

    /// <summary>Data key: PEM CA bundle.</summary>
    public const string CaCrt = "ca.crt";

    /// <summary>Data key: PEM CA bundle (legacy name, read when <see cref="CaCrt"/> is absent).</summary>
    public const string Ca = "ca";

    /// <summary>Data key: PEM client certificate (X509Certificate credentials).</summary>
    public const string TlsCrt = "tls.crt";

    /// <summary>Data key: PEM client private key (X509Certificate credentials).</summary>
    public const string TlsKey = "tls.key";

    /// <summary>Data key: bearer token (ServiceAccountToken credentials).</summary>
    public const string Token = "token";

    /// <summary>Data key: client-go ExecConfig JSON (Dynamic credentials).</summary>
    public const string Exec = "exec";

    /// <summary>Data key: HTTP, HTTPS or SOCKS5 proxy URL used to reach the cluster.</summary>
    public const string ProxyUrl = "proxy-url";

    /// <summary>
    /// Data key (our extension): <c>"true"</c> skips TLS verification of the cluster. Upstream silently skips verification
    /// when no CA is given; we verify against the system roots instead and require this explicit opt-in.
    /// </summary>
    public const string InsecureSkipTlsVerify = "insecure-skip-tls-verify";

    /// <summary>Data key (our extension): TLS server name to verify instead of the endpoint host.</summary>
    public const string TlsServerName = "tls-server-name";

    /// <summary>Annotation: <c>true</c>/<c>false</c> health written by the health subresource.</summary>
    public const string HealthyAnnotation = "status.cluster.core.oam.dev/healthy";

    /// <summary>Annotation: free-text reason for <see cref="HealthyAnnotation"/>.</summary>
    public const string HealthyReasonAnnotation = "status.cluster.core.oam.dev/healthy-reason";

    /// <summary>
    /// Annotation (our extension): when <see cref="HealthyAnnotation"/> was last written through the health
    /// subresource, an RFC 3339 UTC time such as <c>2026-01-02T15:04:05Z</c>. With OCM integration it makes the written
    /// health a probe result that outranks the ManagedCluster's <c>ManagedClusterConditionAvailable</c> condition while
    /// fresh; health annotations without it (written by upstream or by hand) never outrank the condition.
    /// </summary>
    public const string HealthyTimeAnnotation = "status.cluster.core.oam.dev/healthy-time";

    /// <summary>Annotation: per-cluster ClientIdentityExchanger rules (YAML).</summary>
    public const string ProxyConfigurationAnnotation = "cluster.core.oam.dev/cluster-gateway-proxy-configuration";
}
