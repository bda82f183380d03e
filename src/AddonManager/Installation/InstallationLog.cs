namespace ClusterGateway.AddonManager.Installation;

/// <summary>Log messages of the installation reconciler (event ids 6100-6199).</summary>
internal static partial class InstallationLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information,
        Message = "No ClusterGatewayConfiguration to install; nothing to do")]
    public static partial void NoConfiguration(ILogger logger);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning,
        Message = "ClusterGatewayConfiguration/{Name} cannot be installed: {Problem}")]
    public static partial void InvalidSpec(ILogger logger, string name, string problem);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information,
        Message = "ClusterGatewayConfiguration/{Name}: signer CA Secret {Namespace}/{Secret} written (rotation overlap: {Overlap})")]
    public static partial void SignerWritten(ILogger logger, string name, string @namespace, string secret, bool overlap);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information,
        Message = "ClusterGatewayConfiguration/{Name}: serving certificate Secret {Namespace}/{Secret} written")]
    public static partial void ServingWritten(ILogger logger, string name, string @namespace, string secret);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information,
        Message = "ClusterGatewayConfiguration/{Name}: APIService {ApiService} registered ({Ready} ready replicas)")]
    public static partial void ApiServiceRegistered(ILogger logger, string name, string apiService, int ready);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning,
        Message = "ClusterGatewayConfiguration/{Name}: cluster-proxy credential Secrets missing: {Missing}")]
    public static partial void ProxyCredentialsMissing(ILogger logger, string name, string missing);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Debug,
        Message = "ClusterGatewayConfiguration/{Name}: applied in {Namespace}; {Ready} ready replicas; next check in {Delay}")]
    public static partial void Reconciled(ILogger logger, string name, string @namespace, int ready, TimeSpan delay);

    [LoggerMessage(EventId = 6108, Level = LogLevel.Warning,
        Message = "ClusterGatewayConfiguration/{Name}: the failure could not be recorded in its status")]
    public static partial void StatusWriteFailed(ILogger logger, string name, Exception exception);
}
