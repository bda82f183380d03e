using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// One selected and authorized cluster of a fan-out request (<c>clustergateways/*/proxy/...</c>): sends the inner
/// read to that cluster exactly as a single-cluster proxy request would (per-cluster filters: impersonation,
/// exchangers, sub-path authorization, limits, fast-fail), the caller's Accept narrowed to JSON.
/// </summary>
internal interface IFanOutMember
{
    /// <summary>The cluster's name.</summary>
    string Cluster { get; }

    /// <summary>Sends the inner request to this cluster.</summary>
    /// <param name="query">Raw query to send, including the leading <c>?</c> or empty: the caller's query without the
    /// gateway-only parameters (<c>clusterSelector</c>, <c>partial</c>), with this cluster's own
    /// <c>resourceVersion</c>/<c>continue</c> in place of the vector.</param>
    /// <param name="cancellationToken">Cancels the call (caller gone, per-cluster deadline).</param>
    /// <returns>The cluster's response with headers read (body not buffered; the caller disposes it), or the Status
    /// that stands for this cluster's failure (refused by a filter, unreachable, unusable).</returns>
    Task<FanOutReply> SendAsync(string query, CancellationToken cancellationToken);
}

/// <summary>What one cluster answered to a fan-out member call.</summary>
/// <param name="Response">The response (any status code), or null when <paramref name="Failure"/> is set.</param>
/// <param name="Failure">Why no response came (403 refused, 503 unreachable, 429 limited...).</param>
internal sealed record FanOutReply(HttpResponseMessage? Response, Status? Failure) : IDisposable
{
    /// <summary>Run once after the response is disposed: ends the cluster's proxied request (metrics, leases).</summary>
    public Action? Completed { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        Response?.Dispose();
        Completed?.Invoke();
    }
}

/// <summary>The clusters a fan-out covers now; a watch follows its changes (clusters join and leave).</summary>
internal interface IFanOutMembership
{
    /// <summary>Selected and authorized clusters now, by name (ordinal order).</summary>
    IReadOnlyList<IFanOutMember> Current { get; }

    /// <summary>Completes when <see cref="Current"/> may have changed (a registry change); may complete spuriously.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    Task WaitForChangeAsync(CancellationToken cancellationToken);
}
