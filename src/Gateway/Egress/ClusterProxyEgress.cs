using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Gateway.Configuration;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// The one dialer through the OCM cluster-proxy (konnectivity) server that every <c>ClusterProxy</c> cluster shares
/// (<c>--proxy-host</c>, <c>--proxy-port</c>, <c>--proxy-frontend</c>; mTLS with <c>--proxy-ca-cert</c>,
/// <c>--proxy-cert</c>, <c>--proxy-key</c>, the proxy host being the TLS server name). For gRPC all tunnels are
/// streams of one pooled HTTP/2 connection; each cluster's own handler pools the tunnelled connections. Upstream
/// (oam-dev/cluster-gateway pkg/apis/cluster/v1alpha1/transport.go) dials a fresh tunnel per request and skips TLS
/// verification of the managed cluster; we pool and verify.
/// </summary>
internal sealed class ClusterProxyEgress : IDisposable
{
    private readonly IDisposable? _pool;

    private ClusterProxyEgress(IEgressDialer? dialer, string? server, IDisposable? pool = null)
    {
        Dialer = dialer;
        Server = server;
        _pool = pool;
    }

    /// <summary>The shared dialer; <see langword="null"/> when <c>--proxy-host</c> is not set.</summary>
    public IEgressDialer? Dialer { get; }

    /// <summary>The proxy server as <c>host:port</c> (for error messages); <see langword="null"/> when not configured.</summary>
    public string? Server { get; }

    /// <summary>Builds the dialer from the flags (validated by <see cref="GatewayOptions"/>: with a host, the CA,
    /// certificate and key are given).</summary>
    /// <param name="options">Gateway options.</param>
    /// <returns>The egress; without <c>--proxy-host</c> one that has no dialer.</returns>
    /// <exception cref="InvalidOperationException">A CA, certificate or key file is unreadable or unusable (the message
    /// names the flag).</exception>
    public static ClusterProxyEgress Create(GatewayOptions options)
    {
        if (options.ProxyHost is not { Length: > 0 } host)
        {
            return new ClusterProxyEgress(null, null);
        }

        var trust = new ProxyServerTrust(host, LoadCa(options.ProxyCaCert!),
            LoadClientCertificate(options.ProxyCert!, options.ProxyKey!));
        var dialTimeout = options.UpstreamConnectTimeout > TimeSpan.Zero
            ? options.UpstreamConnectTimeout
            : TimeSpan.FromSeconds(30);
        var server = $"{host}:{options.ProxyPort}";
        if (string.Equals(options.ProxyFrontend, "http-connect", StringComparison.Ordinal))
        {
            return new ClusterProxyEgress(new HttpConnectDialer(host, options.ProxyPort, trust, dialTimeout), server);
        }

        var handler = new SocketsHttpHandler
        {
            SslOptions = trust.ClientOptions(),
            ConnectTimeout = dialTimeout,
            PlaintextStreamFilter = (context, _) => ValueTask.FromResult(trust.Watch(context.PlaintextStream)),
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            ActivityHeadersPropagator = null,
        };
        var uri = new UriBuilder(Uri.UriSchemeHttps, host, options.ProxyPort).Uri;
        var dialer = new KonnectivityGrpcDialer(handler, uri, dialTimeout, trust);
        return new ClusterProxyEgress(dialer, server, dialer);
    }

    /// <summary>Closes the shared gRPC channel to the proxy server (its HTTP/2 connection), ending every tunnel on it.</summary>
    public void Dispose() => _pool?.Dispose();

    private static X509Certificate2Collection LoadCa(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"--proxy-ca-cert {path}: {e.Message}", e);
        }

        return roots.Count > 0
            ? roots
            : throw new InvalidOperationException($"--proxy-ca-cert {path}: no PEM certificate found");
    }

    private static X509Certificate2 LoadClientCertificate(string certificatePath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // A PKCS#12 round trip gives SslStream a persisted key on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException
                                      or ArgumentException)
        {
            throw new InvalidOperationException($"--proxy-cert {certificatePath} / --proxy-key {keyPath}: {e.Message}", e);
        }
    }
}
