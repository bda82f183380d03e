using System.Globalization;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Records core/v1 Events about objects, like client-go <c>tools/record</c> without aggregation or counting: one Event per
/// call, named <c>{involvedObject.name}.{unix nanoseconds as hex}</c>, in the object's namespace (<c>default</c> for
/// cluster-scoped objects), with <c>count</c> 1 and <c>firstTimestamp</c> = <c>lastTimestamp</c> = now. Best effort: a
/// failed write is logged, never thrown (events must not fail reconciles).
/// </summary>
public sealed class EventRecorder
{
    private readonly KubeClient _client;
    private readonly string _component;
    private readonly string? _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a recorder.</summary>
    /// <param name="client">Client (needs create on events).</param>
    /// <param name="component">Reporting component, e.g. <c>cluster-gateway-addon-manager</c>.</param>
    /// <param name="instance">Reporting instance, e.g. the pod name; optional.</param>
    /// <param name="timeProvider">Clock; default system.</param>
    /// <param name="logger">Optional logger.</param>
    public EventRecorder(KubeClient client, string component, string? instance = null, TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(component);
        _client = client;
        _component = component;
        _instance = instance;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Records a <c>Normal</c> event.</summary>
    /// <param name="involvedObject">The object, as read from the server (apiVersion, kind, name, uid).</param>
    /// <param name="reason">UpperCamelCase reason.</param>
    /// <param name="message">Human-readable message.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The created event, or <see langword="null"/> when the write failed.</returns>
    public Task<Event?> NormalAsync(IKubernetesObject involvedObject, string reason, string message,
        CancellationToken cancellationToken = default) =>
        RecordAsync(involvedObject, "Normal", reason, message, cancellationToken);

    /// <summary>Records a <c>Warning</c> event.</summary>
    /// <param name="involvedObject">The object.</param>
    /// <param name="reason">UpperCamelCase reason.</param>
    /// <param name="message">Human-readable message.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The created event, or <see langword="null"/> when the write failed.</returns>
    public Task<Event?> WarningAsync(IKubernetesObject involvedObject, string reason, string message,
        CancellationToken cancellationToken = default) =>
        RecordAsync(involvedObject, "Warning", reason, message, cancellationToken);

    private async Task<Event?> RecordAsync(IKubernetesObject involved, string type, string reason, string message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        var now = _time.GetUtcNow();
        var ns = involved.Metadata.Namespace ?? "default";
        var nanos = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var ev = new Event
        {
            Metadata = new ObjectMeta
            {
                Name = $"{involved.Metadata.Name}.{nanos.ToString("x", CultureInfo.InvariantCulture)}",
                Namespace = ns,
            },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = involved.ApiVersion, Kind = involved.Kind, Name = involved.Metadata.Name,
                Namespace = involved.Metadata.Namespace, Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Type = type, Reason = reason, Message = message,
            Source = new EventSource { Component = _component },
            FirstTimestamp = now, LastTimestamp = now, Count = 1,
            ReportingComponent = _component, ReportingInstance = _instance,
        };
        try
        {
            return await _client.CreateAsync(ResourceKind.Events, ns, ev, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or TimeoutException)
        {
            ControllerLog.EventFailed(_logger, reason, involved.Metadata.Name ?? "", ex);
            return null;
        }
    }
}
