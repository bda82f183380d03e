using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// A step every proxied request passes before it is forwarded (YARP's request transforms, much smaller):
/// authorize the inner request, add impersonation headers, take a concurrency lease, start a timer.
/// Filters run in registration order; the first that returns a Status ends the request with it.
/// </summary>
internal interface IProxyFilter
{
    /// <summary>Inspects or amends the request.</summary>
    /// <param name="context">The proxied request.</param>
    /// <returns><see langword="null"/> to go on; a Status to answer instead (e.g. 403, 429).</returns>
    ValueTask<Status?> OnRequestAsync(ProxyRequestContext context);
}
