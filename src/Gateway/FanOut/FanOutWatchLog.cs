namespace ClusterGateway.Gateway.FanOut;

/// <summary>Log messages of fan-out watches (one cluster's watch failing, recovering, joining, leaving).</summary>
internal static partial class FanOutWatchLog
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Warning,
        Message = "Fan-out watch: cluster {Cluster} failed: {Reason}; re-establishing in {DelayMs} ms")]
    public static partial void MemberFailed(ILogger logger, string cluster, string reason, long delayMs);

    [LoggerMessage(EventId = 1451, Level = LogLevel.Information,
        Message = "Fan-out watch: cluster {Cluster} is watched again (after {Failures} failed attempts)")]
    public static partial void MemberRecovered(ILogger logger, string cluster, int failures);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Debug,
        Message = "Fan-out watch: cluster {Cluster} ended its watch; re-establishing from resourceVersion {ResourceVersion}")]
    public static partial void MemberEnded(ILogger logger, string cluster, string? resourceVersion);

    [LoggerMessage(EventId = 1453, Level = LogLevel.Warning,
        Message = "Fan-out watch: cluster {Cluster} answered 410 Expired ({Reason}); ending the stream so the client relists")]
    public static partial void MemberExpired(ILogger logger, string cluster, string? reason);

    [LoggerMessage(EventId = 1454, Level = LogLevel.Information,
        Message = "Fan-out watch: cluster {Cluster} joined the stream")]
    public static partial void MemberJoined(ILogger logger, string cluster);

    [LoggerMessage(EventId = 1455, Level = LogLevel.Information,
        Message = "Fan-out watch: cluster {Cluster} left the stream")]
    public static partial void MemberLeft(ILogger logger, string cluster);
}
