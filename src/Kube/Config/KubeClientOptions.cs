using System.Security.Cryptography.X509Certificates;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// Everything <c>KubeClient</c> needs to reach one API server (client-go <c>rest.Config</c>, reduced). Build it by
/// hand, from <see cref="ResolvedContext.ToClientOptions"/> or from <see cref="InClusterConfig.Load()"/>.
/// Certificates are not owned: disposing a client does not dispose them.
/// </summary>
public sealed record KubeClientOptions
{
    /// <summary>API server base URL, e.g. <c>https://10.0.0.1:6443</c>; a path prefix is kept (rancher-style proxies).</summary>
    public required Uri Server { get; init; }

    /// <summary>
    /// CA certificates the server certificate must chain to (custom root trust, system roots ignored);
    /// <see langword="null"/> verifies against the system trust store.
    /// </summary>
    public X509Certificate2Collection? CaCertificates { get; init; }

    /// <summary>Client certificate with its private key, for mTLS authentication.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token supplier, asked on every request; <see langword="null"/> sends no token.</summary>
    public ITokenSource? TokenSource { get; init; }

    /// <summary>Accept any server certificate. Never together with <see cref="CaCertificates"/> from a kubeconfig.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Server name for SNI and certificate verification instead of the host of <see cref="Server"/>.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>HTTP(S) or SOCKS5 proxy; <see langword="null"/> uses the environment's proxy settings, as client-go does.</summary>
    public Uri? ProxyUrl { get; init; }

    /// <summary>Default namespace of the context or service account; informational, the client never applies it.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>User-Agent</c> header; default <c>cluster-gateway/{assembly version}</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Timeout of each non-watch request; <see cref="Timeout.InfiniteTimeSpan"/> disables it. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a pooled connection is reused before it is replaced (DNS/endpoint changes). Default 5 min.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(5);
}
