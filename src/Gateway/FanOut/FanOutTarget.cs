using ClusterGateway.Gateway.Proxy;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The fan-out target of the proxy subresource: the cluster name <c>*</c> (kubectl sends it percent-encoded as
/// <c>%2A</c>; <see cref="ProxyPath"/> decodes the name). <c>*</c> is never a valid object name
/// (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/), so it cannot clash with a cluster.
/// </summary>
internal static class FanOutTarget
{
    /// <summary>The cluster name that selects a fan-out.</summary>
    public const string Name = "*";

    /// <summary>Whether the request is a fan-out proxy request (<c>clustergateways/*/proxy[/...]</c>).</summary>
    /// <param name="context">The request.</param>
    /// <returns>True for a fan-out.</returns>
    public static bool Is(HttpContext context) => ProxyPath.Of(context) is { Cluster: Name };
}
