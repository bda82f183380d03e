using Microsoft.Extensions.Logging;

namespace ClusterGateway.Kube.Informers;

/// <summary>Log messages of <see cref="Informer{T}"/> (event ids 200–299); <c>Resource</c> is <c>{plural}[ in {namespace}]</c>.</summary>
internal static partial class InformerLog
{
    [LoggerMessage(200, LogLevel.Debug, "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(201, LogLevel.Debug, "Watch of {Resource} from resourceVersion {ResourceVersion} ended after {Events} events")]
    public static partial void WatchEnded(ILogger logger, string resource, string? resourceVersion, int events);

    [LoggerMessage(202, LogLevel.Information, "Watch of {Resource}: resourceVersion {ResourceVersion} is gone; relisting")]
    public static partial void Gone(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(203, LogLevel.Warning, "{Phase} of {Resource} failed; retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception exception, string phase, string resource, TimeSpan delay);

    [LoggerMessage(204, LogLevel.Error, "A change handler of {Resource} threw on {Type} {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, InformerEventType type, string key);

    [LoggerMessage(205, LogLevel.Warning, "Watch of {Resource} ended after {Elapsed} without events; backing off {Delay}")]
    public static partial void ShortWatch(ILogger logger, string resource, TimeSpan elapsed, TimeSpan delay);

    [LoggerMessage(206, LogLevel.Error, "A list handler of {Resource} threw at resourceVersion {ResourceVersion}")]
    public static partial void ListedHandlerFailed(ILogger logger, Exception exception, string resource, string? resourceVersion);
}
