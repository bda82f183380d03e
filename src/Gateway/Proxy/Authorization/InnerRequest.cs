using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Proxy.Authorization;

/// <summary>
/// What the proxied (inner) request is, for <c>--authorize-proxy-subpath</c>: the sub-path after <c>/proxy</c> and
/// the query parsed by <see cref="RequestInfoParser"/> (k8s.io/apiserver's RequestInfoFactory, prefixes <c>api</c>
/// and <c>apis</c>), so the verb is what the request really is (<c>list</c>, <c>watch</c>, <c>deletecollection</c>
/// ...), not the outer method's verb as upstream sent (inventory §3.1.3, §10 item 4).
/// </summary>
internal static class InnerRequest
{
    private static readonly HashSet<string> StreamingPodSubresources = new(["exec", "attach", "portforward"],
        StringComparer.Ordinal);

    /// <summary>Parses the inner request.</summary>
    /// <param name="context">The proxied request.</param>
    /// <returns>The request info; an empty sub-path is the non-resource path <c>/</c>.</returns>
    /// <exception cref="FormatException">A path verb without a resource (<c>/api/v1/watch</c>).</exception>
    public static RequestInfo Parse(ProxyRequestContext context) => Parse(context.HttpContext, context.Path);

    /// <summary>
    /// Parses the inner request of <paramref name="context"/> for <paramref name="path"/>, once per request and path
    /// instance (the long-running classification, the sub-path authorization and the metrics all ask; a filter that
    /// replaces the path gets a fresh parse).
    /// </summary>
    /// <param name="context">The request (its method, and where the result is kept).</param>
    /// <param name="path">The proxy path.</param>
    /// <returns>The request info; an empty sub-path is the non-resource path <c>/</c>.</returns>
    /// <exception cref="FormatException">A path verb without a resource (<c>/api/v1/watch</c>).</exception>
    public static RequestInfo Parse(HttpContext context, ProxyPath path)
    {
        var state = RequestState.Of(context);
        if (state.Inner is { } cached && ReferenceEquals(cached.Item1, path))
        {
            return cached.Item2;
        }

        var info = Parse(context.Request.Method, path);
        state.Inner = Tuple.Create(path, info);
        return info;
    }

    /// <summary>Parses the inner request from the outer method and the proxy path.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The proxy path.</param>
    /// <returns>The request info; an empty sub-path is the non-resource path <c>/</c>.</returns>
    /// <exception cref="FormatException">A path verb without a resource (<c>/api/v1/watch</c>).</exception>
    public static RequestInfo Parse(string method, ProxyPath path)
    {
        // Like Go's URL.Path, the parser sees the decoded path.
        var rest = path.Rest.Length == 0 ? "/" : path.Rest;
        return RequestInfoParser.Default.Parse(method, rest.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(rest) : rest,
            path.Query);
    }

    /// <summary>
    /// The attributes to authorize: those of the request, plus, for a WebSocket upgrade of <c>pods/exec</c>,
    /// <c>pods/attach</c> or <c>pods/portforward</c> (a GET, so verb <c>get</c>), the same with verb <c>create</c>:
    /// kube-apiserver's synthetic check (KEP-4006, gate <c>AuthorizePodWebsocketUpgradeCreatePermission</c>), so a
    /// WebSocket exec needs the same <c>create</c> permission as a SPDY one (a POST).
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="info">The inner request.</param>
    /// <param name="isUpgrade">Whether the request is a protocol upgrade.</param>
    /// <returns>One or two attribute sets, all of which must be allowed.</returns>
    public static IReadOnlyList<AuthorizationAttributes> Attributes(KubeUser user, RequestInfo info, bool isUpgrade)
    {
        var attributes = AuthorizationAttributes.From(user, info);
        var synthetic = isUpgrade && info.IsResourceRequest && info.Verb == "get" && info.ApiGroup.Length == 0 &&
            info.Resource == "pods" && StreamingPodSubresources.Contains(info.Subresource);
        return synthetic ? [attributes, attributes with { Verb = "create" }] : [attributes];
    }
}
