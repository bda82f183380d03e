using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) never do. Inbound identity headers never do
/// either: <c>Authorization</c> (the caller's credential for the gateway), <c>Impersonate-*</c> (only the gateway may
/// impersonate) and the front-proxy <c>X-Remote-*</c> headers
/// (https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/).
/// </summary>
internal static class ProxyHeaders
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, "Proxy-Connection", HeaderNames.ProxyAuthenticate,
        HeaderNames.ProxyAuthorization, HeaderNames.TE, HeaderNames.Trailer, HeaderNames.TransferEncoding,
        HeaderNames.Upgrade, HeaderNames.Host,
    };

    /// <summary>Whether an inbound request header may be forwarded to the cluster.</summary>
    /// <param name="name">Header name.</param>
    /// <returns><see langword="true"/> when it is forwarded.</returns>
    public static bool IsForwardedRequestHeader(string name) =>
        !HopByHop.Contains(name)
        && !name.Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("X-Cluster-Gateway-Lines-", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith(':');

    /// <summary>Whether a response header of the cluster may be copied to the caller.</summary>
    /// <param name="name">Header name.</param>
    /// <returns><see langword="true"/> when it is copied.</returns>
    public static bool IsForwardedResponseHeader(string name) => !HopByHop.Contains(name);
}
