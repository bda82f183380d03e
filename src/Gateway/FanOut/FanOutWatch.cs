using ClusterGateway.Gateway.Apiserver;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>A fan-out watch (placeholder: not available in this build).</summary>
internal static class FanOutWatch
{
    /// <summary>Serves a fan-out watch: answers 405 until the multiplexer is built.</summary>
    /// <param name="context">The request.</param>
    /// <param name="membership">The selected and authorized clusters.</param>
    /// <param name="query">The caller's raw query without <c>clusterSelector</c> and <c>partial</c>.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>A task.</returns>
    public static Task ServeAsync(HttpContext context, IFanOutMembership membership, string query,
        CancellationToken cancellationToken)
    {
        _ = membership;
        _ = query;
        _ = cancellationToken;
        return StatusResponses.WriteAsync(context, ApiStatuses.MethodNotAllowed("fan-out watch not available"));
    }
}
