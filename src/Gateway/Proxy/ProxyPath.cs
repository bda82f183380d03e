using ClusterGateway.Crds;

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

    /// <summary>Parses a raw request target.</summary>
    /// <param name="rawTarget">Origin-form request target as received.</param>
    /// <param name="path">The parts, when the target is a proxy request.</param>
    /// <returns>Whether the target is <c>.../clustergateways/{name}/proxy[/...]</c>.</returns>
    public static bool TryParse(string rawTarget, out ProxyPath path)
    {
        path = new ProxyPath("", "", "");
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var query = queryAt < 0 ? "" : rawTarget[queryAt..];
        if (!rawPath.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var nameEnd = rawPath.IndexOf('/', Prefix.Length);
        if (nameEnd <= Prefix.Length)
        {
            return false;
        }

        var afterName = rawPath[nameEnd..];
        const string Proxy = "/proxy";
        if (!afterName.StartsWith(Proxy, StringComparison.Ordinal) ||
            (afterName.Length > Proxy.Length && afterName[Proxy.Length] != '/'))
        {
            return false;
        }

        path = new ProxyPath(Uri.UnescapeDataString(rawPath[Prefix.Length..nameEnd]), afterName[Proxy.Length..], query);
        return true;
    }

    /// <summary>
    /// Whether the rest contains a <c>.</c> or <c>..</c> segment (also percent-encoded). Such a path could climb out of
    /// the endpoint's path prefix (e.g. <c>/k8s/clusters/c1</c>) and reach another cluster with this one's credential.
    /// </summary>
    public bool HasDotSegment
    {
        get
        {
            foreach (var segment in Rest.Split('/'))
            {
                var decoded = Uri.UnescapeDataString(segment);
                if (decoded is "." or "..")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The upstream URL: the endpoint (with its path prefix) + the rest + the query.</summary>
    /// <param name="endpoint">Cluster base URL, e.g. <c>https://10.0.0.1:6443/k8s/clusters/c1</c>.</param>
    /// <returns>The absolute target URL.</returns>
    public Uri TargetFor(Uri endpoint)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        var rest = Rest.Length == 0 ? "/" : Rest;
        return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + basePath + rest + Query);
    }
}
