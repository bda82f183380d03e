using Microsoft.Extensions.Logging;

namespace ClusterGateway.Kube.Controllers;

internal static partial class ControllerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Controller {Controller}: reconcile of {Key} failed; retrying after backoff")]
    public static partial void ReconcileFailed(ILogger logger, string controller, string key, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Controller {Controller}: reconcile of {Key} failed terminally; not retrying")]
    public static partial void ReconcileTerminal(ILogger logger, string controller, string key, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Controller {Controller}: caches synced, starting {Workers} workers")]
    public static partial void Starting(ILogger logger, string controller, int workers);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Lease {Namespace}/{Name}: {Identity} started leading")]
    public static partial void StartedLeading(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Lease {Namespace}/{Name}: {Identity} stopped leading")]
    public static partial void StoppedLeading(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Lease {Namespace}/{Name}: acquire or renew failed")]
    public static partial void LeaseAttemptFailed(ILogger logger, string @namespace, string name, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error,
        Message = "Lease {Namespace}/{Name}: {Identity} did not renew within the renew deadline {RenewDeadline} of its " +
            "last renewal; giving up leadership")]
    public static partial void RenewDeadlinePassed(ILogger logger, string @namespace, string name, string identity, TimeSpan renewDeadline);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug,
        Message = "Lease {Namespace}/{Name}: attempt abandoned after {Timeout} without an answer")]
    public static partial void LeaseAttemptTimedOut(ILogger logger, string @namespace, string name, TimeSpan timeout);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Event {Reason} about {Name} could not be recorded")]
    public static partial void EventFailed(ILogger logger, string reason, string name, Exception exception);
}
