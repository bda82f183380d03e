namespace ClusterGateway.Client;

/// <summary>
/// The ClusterGateway API's names and the proxy-path rewrite every client of this package applies. The path is
/// <c>{hub path prefix}/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy/{original path}</c>, as
/// <c>formatProxyURL</c> in upstream's <c>pkg/apis/cluster/transport/roundtripper.go</c> (Go package
/// <c>multicluster</c>) builds it, except that the hub server URL's path prefix is kept (upstream drops it).
/// </summary>
public static class ClusterGatewayPaths
{
    /// <summary>API group of the ClusterGateway resource: <c>cluster.core.oam.dev</c>.</summary>
    public const string Group = "cluster.core.oam.dev";

    /// <summary>API version of the ClusterGateway resource: <c>v1alpha1</c>.</summary>
    public const string Version = "v1alpha1";

    /// <summary>Plural resource name: <c>clustergateways</c> (cluster-scoped).</summary>
    public const string Plural = "clustergateways";

    /// <summary>The proxy subresource's absolute path for <paramref name="cluster"/>, without a hub path prefix and
    /// without a trailing slash, e.g. <c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy</c>. The
    /// name is percent-encoded (RFC 3986 unreserved characters stay as they are).</summary>
    /// <param name="cluster">The ClusterGateway name.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">The name is empty, <c>.</c> or <c>..</c> (a dot segment would be
    /// collapsed by URI normalization and address another resource).</exception>
    public static string ProxyPath(string cluster)
    {
        ValidateClusterName(cluster);
        return $"/apis/{Group}/{Version}/{Plural}/{Uri.EscapeDataString(cluster)}/proxy";
    }

    /// <summary>
    /// Rewrites a request URI addressed to the hub API server into the same request through
    /// <paramref name="cluster"/>'s proxy subresource. The hub server URL's path prefix is kept, the original path
    /// follows <c>/proxy</c>, and the query is copied exactly as it is in <paramref name="requestUri"/> (already
    /// escaped; nothing is decoded or re-encoded), so the cluster receives the query the hub would have received.
    /// <see cref="Uri"/> itself normalizes a few escapes when it parses (<c>%7e</c> to <c>~</c>, hex digits to upper
    /// case) before any handler runs. Scheme (<c>https</c> or <c>wss</c>), host and port are kept.
    /// </summary>
    /// <param name="requestUri">An absolute URI on the hub server, e.g.
    /// <c>https://hub/prefix/api/v1/pods?watch=1</c>.</param>
    /// <param name="hubServer">The hub API server URL (kubeconfig <c>server</c>), e.g.
    /// <c>https://hub/prefix</c>.</param>
    /// <param name="cluster">The ClusterGateway name.</param>
    /// <returns>The rewritten absolute URI, e.g.
    /// <c>https://hub/prefix/apis/cluster.core.oam.dev/v1alpha1/clustergateways/c1/proxy/api/v1/pods?watch=1</c>.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="requestUri"/> or <paramref name="hubServer"/> is not
    /// absolute, or the cluster name is invalid (see <see cref="ProxyPath"/>).</exception>
    /// <exception cref="InvalidOperationException">The request is not addressed to the hub server (another host or
    /// port, or a path outside the hub URL's path prefix): sending it anywhere would bypass the cluster.</exception>
    public static Uri ToProxyUri(Uri requestUri, Uri hubServer, string cluster)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        ArgumentNullException.ThrowIfNull(hubServer);
        if (!requestUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"request URI '{requestUri}' is not absolute", nameof(requestUri));
        }

        if (!hubServer.IsAbsoluteUri)
        {
            throw new ArgumentException($"hub server URL '{hubServer}' is not absolute", nameof(hubServer));
        }

        var proxyPath = ProxyPath(cluster);
        var prefix = hubServer.AbsolutePath.TrimEnd('/');
        var path = requestUri.AbsolutePath;
        var underPrefix = path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] == '/');
        if (!underPrefix || !SameServer(requestUri, hubServer))
        {
            throw new InvalidOperationException(
                $"request {requestUri.GetLeftPart(UriPartial.Path)} is not addressed to the hub server {hubServer}; " +
                $"it cannot be sent through cluster '{cluster}'");
        }

        var rest = path[prefix.Length..];
        // Uri.Query is the escaped query as parsed; re-parsing an already-parsed URI leaves it unchanged.
        return new Uri(string.Concat(requestUri.GetLeftPart(UriPartial.Authority), prefix, proxyPath,
            rest.Length == 0 ? "/" : rest, requestUri.Query));
    }

    internal static void ValidateClusterName(string cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Length == 0 || cluster is "." or "..")
        {
            throw new ArgumentException($"'{cluster}' is not a valid ClusterGateway name", nameof(cluster));
        }
    }

    // https and wss (http and ws) share default ports, so Uri.Port compares equal across the upgrade schemes.
    private static bool SameServer(Uri request, Uri hub) =>
        string.Equals(request.IdnHost, hub.IdnHost, StringComparison.OrdinalIgnoreCase) && request.Port == hub.Port;
}
