using Microsoft.Extensions.Logging;

namespace ClusterGateway.Kube.Client;

/// <summary>Log messages of <see cref="KubeClient"/> (event ids 100–199).</summary>
internal static partial class KubeClientLog
{
    [LoggerMessage(100, LogLevel.Debug, "{Method} {Path} failed: {Code} {Reason}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, int code, string reason);

    [LoggerMessage(101, LogLevel.Warning, "Skipping malformed watch line from {Path}: {Error}")]
    public static partial void WatchLineMalformed(ILogger logger, string path, string error);

    [LoggerMessage(102, LogLevel.Debug, "Skipping watch event of unknown type {Type} from {Path}")]
    public static partial void WatchEventUnknown(ILogger logger, string? type, string path);
}
