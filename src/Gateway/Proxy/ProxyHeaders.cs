using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) never do, neither the fixed ones nor those the
/// caller's <c>Connection</c> header names (<see cref="ConnectionNamed"/>). Inbound identity headers never do
/// either: <c>Authorization</c> (the caller's credential for the gateway), <c>Impersonate-*</c> (only the gateway may
/// impersonate) and the front-proxy <c>X-Remote-*</c> headers
/// (https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/). <c>X-Forwarded-For</c> gets
/// the caller's address appended (<see cref="ForwardedFor"/>).
/// </summary>
internal static class ProxyHeaders
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, "Proxy-Connection", HeaderNames.ProxyAuthenticate,
        HeaderNames.ProxyAuthorization, HeaderNames.TE, HeaderNames.Trailer, HeaderNames.TransferEncoding,
        HeaderNames.Upgrade, HeaderNames.Host,
    };

    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>
    /// The header names listed in <c>Connection</c> (RFC 9110 §7.6.1: the sender's hop-by-hop headers). Over
    /// HTTP/1.1 Kestrel hands over the value as sent unless it holds exactly one of <c>keep-alive</c>, <c>close</c>,
    /// <c>upgrade</c>; then it keeps only that option (<c>HttpHeaders.ParseConnection</c> interns it) and the other
    /// names are lost to the gateway. HTTP/2 has no <c>Connection</c> header at all (RFC 9113 §8.2.2).
    /// </summary>
    /// <param name="connection">The inbound <c>Connection</c> values, e.g. <c>keep-alive, X-Secret</c>.</param>
    /// <returns>The names, case-insensitive; connection options such as <c>close</c> are included and harmless.</returns>
    public static IReadOnlySet<string> ConnectionNamed(StringValues connection)
    {
        if (connection.Count == 0)
        {
            return NoNames;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in connection)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>
    /// The <c>X-Forwarded-For</c> value to send, as Go's <c>net/http/httputil.ReverseProxy</c> (and kube-apiserver's
    /// proxy) builds it: the prior values joined with <c>", "</c>, then the immediate peer's address, so the cluster's
    /// audit log sees who really called whatever a caller claims.
    /// </summary>
    /// <param name="prior">The inbound values (empty when the caller sent none or named the header in
    /// <c>Connection</c>).</param>
    /// <param name="peer">The gateway's immediate peer (IPv4-mapped IPv6 shown as IPv4); null when unknown.</param>
    /// <returns>The value, or <see langword="null"/> when there is neither a prior value nor a peer.</returns>
    public static string? ForwardedFor(StringValues prior, IPAddress? peer)
    {
        var address = peer is null ? null : (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString();
        if (prior.Count == 0)
        {
            // The common case (a caller with no proxy in front): the address alone, nothing else allocated.
            return address;
        }

        var parts = new List<string>(prior.Count + 1);
        foreach (var value in prior)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(value);
            }
        }

        if (address is not null)
        {
            parts.Add(address);
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
