namespace ClusterGateway.Crds.SecretConversion;

/// <summary>Checks of the URL-valued Secret keys (<c>endpoint</c>, <c>proxy-url</c>).</summary>
internal static class UrlRules
{
    /// <summary>
    /// <c>endpoint</c>: an absolute <c>https</c> or <c>http</c> URL with a host; a path prefix is allowed (kept when
    /// proxying), a query or fragment is not. Returns the problem, or null when valid.
    /// </summary>
    public static string? CheckEndpoint(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            uri.Host.Length == 0)
        {
            return $"data key \"{SecretKeys.Endpoint}\" must be an absolute https or http URL, got \"{value}\"";
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return $"data key \"{SecretKeys.Endpoint}\" must not have a query or fragment, got \"{value}\"";
        }

        return null;
    }

    /// <summary>
    /// <c>proxy-url</c>: an absolute <c>http</c>, <c>https</c>, <c>socks5</c> or <c>socks5h</c> URL with a host. The value is not echoed
    /// (it may carry proxy credentials). Returns the problem, or null when valid.
    /// </summary>
    public static string? CheckProxyUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return $"data key \"{SecretKeys.ProxyUrl}\" is not an absolute URL with a host";
        }

        return uri.Scheme is "http" or "https" or "socks5" or "socks5h"
            ? null
            : $"data key \"{SecretKeys.ProxyUrl}\" has scheme \"{uri.Scheme}\"; expected http, https, socks5 or socks5h";
    }

    /// <summary><c>tls-server-name</c>: a DNS name or IP address. Returns the problem, or null when valid.</summary>
    public static string? CheckServerName(string value) =>
        Uri.CheckHostName(value) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? null
            : $"data key \"{SecretKeys.TlsServerName}\" is not a valid host name, got \"{value}\"";
}
