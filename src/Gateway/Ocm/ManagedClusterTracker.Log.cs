namespace ClusterGateway.Gateway.Ocm;

/// <summary>Log messages of <see cref="ManagedClusterTracker"/>.</summary>
internal sealed partial class ManagedClusterTracker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 520, Level = LogLevel.Information,
            Message = "OCM ManagedCluster API (cluster.open-cluster-management.io/v1) is served: caching ManagedClusters")]
        public static partial void Appeared(ILogger logger);

        [LoggerMessage(EventId = 521, Level = LogLevel.Information,
            Message = "OCM ManagedCluster API is no longer served: clusters come from Secrets alone")]
        public static partial void Disappeared(ILogger logger);

        [LoggerMessage(EventId = 522, Level = LogLevel.Information, Message = "ManagedClusters synced: {Count}")]
        public static partial void Synced(ILogger logger, int count);

        [LoggerMessage(EventId = 523, Level = LogLevel.Warning,
            Message = "Cannot tell whether the OCM ManagedCluster API is served; keeping the current state")]
        public static partial void CheckFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 524, Level = LogLevel.Warning, Message = "The ManagedCluster informer failed")]
        public static partial void InformerFailed(ILogger logger, Exception exception);
    }
}
