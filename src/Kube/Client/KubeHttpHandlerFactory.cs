using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Kube.Client;

/// <summary>
/// Builds the <see cref="SocketsHttpHandler"/> for one API server: server verification against the configured CA only
/// (custom root trust, like Go's <c>tls.Config.RootCAs</c>), the client certificate, the proxy, pooled connection
/// lifetime and HTTP/2 keep-alive pings (client-go: 30 s read idle, 15 s ping timeout) so dead watches are noticed.
/// </summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateServerCertificate(options, certificate, chain, errors),
        };
        if (options.ClientCertificate is not null)
        {
            // A certificate context skips SslStream's issuer matching, so the certificate is always offered.
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(
                options.ClientCertificate, additionalCertificates: null, offline: true);
        }

        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.ProxyUrl is not null)
        {
            handler.Proxy = new WebProxy(options.ProxyUrl);
            handler.UseProxy = true;
        }

        return handler;
    }

    /// <summary>
    /// Accepts the server certificate when verification is off, or when its name matched (the handler checks the
    /// request host, which is <see cref="KubeClientOptions.TlsServerName"/> when set) and it chains to a configured CA
    /// (or, with no CA configured, to the system roots).
    /// </summary>
    internal static bool ValidateServerCertificate(
        KubeClientOptions options, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (certificate is null ||
            (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        if (options.CaCertificates is not { Count: > 0 } roots)
        {
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent.
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return custom.Build(leaf);
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate))
            {
                leaf.Dispose();
            }
        }
    }
}
