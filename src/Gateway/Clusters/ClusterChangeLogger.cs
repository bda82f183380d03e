namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Logs every cluster that appears, changes, becomes unusable or disappears, whatever its source, so an operator
/// sees e.g. <c>Cluster foo (Secret ns/foo) is not usable: data key "token" is missing</c> once per change.
/// </summary>
internal sealed partial class ClusterChangeLogger : IDisposable
{
    private readonly IClusterRegistry _registry;
    private readonly ILogger<ClusterChangeLogger> _logger;

    /// <summary>Subscribes to <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="logger">The logger.</param>
    public ClusterChangeLogger(IClusterRegistry registry, ILogger<ClusterChangeLogger> logger)
    {
        _registry = registry;
        _logger = logger;
        _registry.Changed += OnChanged;
    }

    /// <inheritdoc/>
    public void Dispose() => _registry.Changed -= OnChanged;

    private void OnChanged(IReadOnlyList<ClusterChange> changes)
    {
        foreach (var (name, old, current) in changes)
        {
            switch (current)
            {
                case null:
                    Log.Removed(_logger, name);
                    break;
                case { Gateway: null }:
                    Log.Invalid(_logger, name, current.Source, current.Error ?? "");
                    break;
                default:
                    Log.Ready(_logger, name, current.Source, old is null ? "added" : "updated");
                    break;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Cluster {Name} {Change} from {Source}")]
        public static partial void Ready(ILogger logger, string name, string source, string change);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning,
            Message = "Cluster {Name} from {Source} is not usable: {Error}")]
        public static partial void Invalid(ILogger logger, string name, string source, string error);

        [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Cluster {Name} removed")]
        public static partial void Removed(ILogger logger, string name);
    }
}
