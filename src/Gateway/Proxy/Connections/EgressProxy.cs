using System.Net;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// A cluster's <c>proxy-url</c> (kubeconfig <c>proxy-url</c> semantics) as the
/// <see cref="IWebProxy"/> of its <see cref="SocketsHttpHandler"/>.
/// </summary>
/// <remarks>
/// Schemes, and what SocketsHttpHandler does with them (.NET 8+,
/// https://learn.microsoft.com/dotnet/api/system.net.http.socketshttphandler.proxy):
/// <list type="bullet">
/// <item><c>http</c>: plain requests are sent to the proxy in absolute form; HTTPS endpoints (the usual case) and
/// upgrades are tunnelled with <c>CONNECT host:port</c>.</item>
/// <item><c>https</c>: the same, over TLS to the proxy. The proxy's certificate is verified
/// against the system trust roots and its host name (see <see cref="ClusterCertificateValidation"/>); there is no way
/// to name a separate CA for the proxy. The handler offers the cluster's client certificate to the proxy too, if
/// the proxy asks for one.</item>
/// <item><c>socks5</c> and <c>socks5h</c>: SOCKS5 (RFC 1928) <c>CONNECT</c>. SocketsHttpHandler sends host names to
/// the proxy unresolved (remote DNS), which is what <c>socks5h</c> means and what Go's SOCKS5 dialer does for
/// <c>socks5</c> as well; SocketsHttpHandler itself rejects the <c>socks5h</c> spelling, so it is mapped. Default port
/// 1080, as in Go.</item>
/// </list>
/// User info in the URL (<c>http://user:pass@proxy:3128</c>) becomes the proxy credential: Basic after a 407
/// challenge for HTTP(S) proxies, RFC 1929 user/password for SOCKS5. Any other scheme is an error, never a silent
/// direct connection.
/// </remarks>
internal static class EgressProxy
{
    private const int DefaultSocksPort = 1080;

    /// <summary>Builds the proxy.</summary>
    /// <param name="proxyUrl">The <c>proxy-url</c> value.</param>
    /// <returns>The proxy (never bypassed, also for loopback destinations).</returns>
    /// <exception cref="ClusterTransportException">The URL is malformed or its scheme is not supported. The message
    /// does not echo the URL (it may carry credentials).</exception>
    public static WebProxy Create(string proxyUrl)
    {
        if (!Uri.TryCreate(proxyUrl, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ClusterTransportException("proxy-url is not an absolute URL with a host");
        }

        var scheme = uri.Scheme.ToLowerInvariant() switch
        {
            "http" => "http",
            "https" => "https",
            "socks5" or "socks5h" => "socks5",
            var other => throw new ClusterTransportException(
                $"proxy-url scheme \"{other}\" is not supported (expected http, https, socks5 or socks5h)"),
        };

        var port = uri.IsDefaultPort || uri.Port < 0
            ? scheme switch { "http" => 80, "https" => 443, _ => DefaultSocksPort }
            : uri.Port;
        var proxy = new WebProxy(new UriBuilder(scheme, uri.Host, port).Uri)
        {
            BypassProxyOnLocal = false,
            UseDefaultCredentials = false,
        };

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
            var password = colon < 0 ? "" : uri.UserInfo[(colon + 1)..];
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
        }

        return proxy;
    }
}
