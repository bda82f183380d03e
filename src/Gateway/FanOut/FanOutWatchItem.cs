using System.Text.Json.Nodes;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>One entry of a fan-out watch's queue: a cluster's event, its 410, or a membership change.</summary>
/// <param name="Source">The cluster's watch; null for a membership change.</param>
/// <param name="Event">The cluster's event (ADDED, MODIFIED, DELETED, BOOKMARK), as read.</param>
/// <param name="Expired">The cluster's 410 Status: the stream ends with it.</param>
internal sealed record FanOutWatchItem(FanOutWatchMember? Source, JsonObject? Event, Status? Expired)
{
    /// <summary>The membership may have changed.</summary>
    public static FanOutWatchItem MembershipChanged { get; } = new(null, null, null);
}
