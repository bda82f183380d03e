namespace ClusterGateway.Gateway.Apiserver.Watch;

/// <summary>
/// Tuning of <c>clustergateways</c> watches; register an instance as a service to override <see cref="Default"/>
/// (tests shorten the bookmark interval).
/// </summary>
internal sealed record ClusterGatewayWatchOptions
{
    /// <summary>One bookmark a minute, as kube-apiserver's watch cache sends them.</summary>
    public static ClusterGatewayWatchOptions Default { get; } = new();

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);
}
