using System.Diagnostics.CodeAnalysis;
using ClusterGateway.Crds;
using ClusterGateway.Gateway.Apiserver;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Splits a raw request target <c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{name}/proxy{rest}[?query]</c>.
/// The rest and the query are kept byte for byte (percent-encoding, repeated keys such as <c>command=</c>, trailing
/// slash), unlike upstream, which re-encoded the query and cleaned the path.
/// </summary>
/// <param name="Cluster">Cluster name (percent-decoded).</param>
/// <param name="Rest">Raw path after <c>/proxy</c>; empty or starting with <c>/</c>.</param>
/// <param name="Query">Raw query including the leading <c>?</c>, or empty.</param>
internal sealed record ProxyPath(string Cluster, string Rest, string Query)
{
    /// <summary>The route prefix before the cluster name.</summary>
    public const string Prefix = "/apis/" + ApiGroups.ClusterGroup + "/" + ApiGroups.Version + "/" + ApiGroups.ClusterGateways + "/";

    private static readonly UriCreationOptions NoCanonicalization = new()
    {
        DangerousDisablePathAndQueryCanonicalization = true,
    };

    /// <summary>Parses a raw request target.</summary>
    /// <param name="rawTarget">Origin-form request target as received.</param>
    /// <param name="path">The parts, when the target is a proxy request.</param>
    /// <returns>Whether the target is <c>.../clustergateways/{name}/proxy[/...]</c>.</returns>
    public static bool TryParse(string rawTarget, [NotNullWhen(true)] out ProxyPath? path)
    {
        path = null;
        if (!rawTarget.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var queryAt = rawTarget.IndexOf('?', Prefix.Length);
        var pathEnd = queryAt < 0 ? rawTarget.Length : queryAt;
        var nameEnd = rawTarget.IndexOf('/', Prefix.Length, pathEnd - Prefix.Length);
        if (nameEnd <= Prefix.Length)
        {
            return false;
        }

        const string Proxy = "/proxy";
        var afterName = rawTarget.AsSpan(nameEnd, pathEnd - nameEnd);
        if (!afterName.StartsWith(Proxy, StringComparison.Ordinal) ||
            (afterName.Length > Proxy.Length && afterName[Proxy.Length] != '/'))
        {
            return false;
        }

        path = new ProxyPath(Uri.UnescapeDataString(rawTarget.AsSpan(Prefix.Length, nameEnd - Prefix.Length)),
            rawTarget[(nameEnd + Proxy.Length)..pathEnd], queryAt < 0 ? "" : rawTarget[queryAt..]);
        return true;
    }

    /// <summary>
    /// The proxy path of a request, parsed from its raw target once per request (the long-running classification,
    /// the endpoint and the filters all ask), or <see langword="null"/> when it is not a proxy request.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The parts as received; filters may later replace the query on <see cref="ProxyRequestContext.Path"/>.</returns>
    public static ProxyPath? Of(HttpContext context)
    {
        var state = RequestState.Of(context);
        if (!state.ProxyPathParsed)
        {
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
            state.ProxyPath = TryParse(rawTarget, out var parsed) ? parsed : null;
            state.ProxyPathParsed = true;
        }

        return state.ProxyPath;
    }

    /// <summary>
    /// Why the rest and query may not be forwarded as they are (<see cref="ProxyPathRules"/>: dot segments, encoded
    /// slashes, backslashes, control characters ... also percent-encoded), or <see langword="null"/> when they may.
    /// Such a path could climb out of the endpoint's path prefix (e.g. <c>/k8s/clusters/c1</c>) or be authorized as
    /// one resource and served as another.
    /// </summary>
    public string? Problem => ProxyPathRules.Check(Rest, Query);

    /// <summary>
    /// The upstream URL: the endpoint (with its path prefix) + the rest + the query, byte for byte. The URI is created
    /// with <see cref="UriCreationOptions.DangerousDisablePathAndQueryCanonicalization"/>: an ordinary
    /// <see cref="Uri"/> would unescape, turn <c>\</c> into <c>/</c> and remove dot segments after the path was
    /// authorized. That is safe only for a path <see cref="Problem"/> accepted.
    /// </summary>
    /// <param name="endpoint">Cluster base URL, e.g. <c>https://10.0.0.1:6443/k8s/clusters/c1</c>.</param>
    /// <returns>The absolute target URL; its <see cref="Uri.PathAndQuery"/> is what goes on the wire.</returns>
    public Uri TargetFor(Uri endpoint) =>
        new(endpoint.GetLeftPart(UriPartial.Authority) + RequestPath(endpoint) + Query, NoCanonicalization);

    /// <summary>The path the cluster receives: the endpoint's path prefix (without trailing slash) + the rest.</summary>
    /// <param name="endpoint">Cluster base URL.</param>
    /// <returns>E.g. <c>/k8s/clusters/c1/api/v1/pods</c>; <c>/</c> for an empty rest and no prefix.</returns>
    public string RequestPath(Uri endpoint) =>
        endpoint.AbsolutePath.TrimEnd('/') + (Rest.Length == 0 ? "/" : Rest);
}
