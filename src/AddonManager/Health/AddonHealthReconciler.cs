using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.Crds;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.AddonManager.Health;

/// <summary>
/// Reports each cluster's health on its <c>cluster-gateway</c> ManagedClusterAddOn and ClusterGateway (upstream
/// <c>pkg/addon/controllers/health.go</c>, §4.4 of the upstream notes, with its flaws fixed: probes are periodic with
/// jitter instead of every second, bounded by a timeout and by the worker count, never leave "Unknown", and write only
/// what changed). Key: the cluster name, which is the namespace of its ManagedClusterAddOn.
/// </summary>
/// <remarks>
/// Reconcile(cluster):
/// 1. No <c>cluster-gateway</c> ManagedClusterAddOn in the namespace, or it is being deleted: done (no more probes).
/// 2. Probe <c>proxy/healthz</c> through the hub (<see cref="HealthProber"/>).
/// 3. ClusterGateway: read it; when <c>status.healthy</c>/<c>healthyReason</c> differ, or this manager's last write of
///    them is <see cref="HealthProbeOptions.RefreshAfter"/> old (or unknown, e.g. after a restart), merge-patch them
///    through the <c>health</c> subresource (the gateway stores them, with the time, on the cluster Secret; on
///    OCM-merged clusters a fresh result outranks the ManagedCluster's Available condition, so the refresh keeps the
///    probe the one that shows). No ClusterGateway (404): skipped; other failures are logged and do not hold up step
///    4 (the next probe tries again).
/// 4. ManagedClusterAddOn: when the <c>Available</c> condition or <c>healthCheck.mode</c> differ
///    (<see cref="AddonHealthStatus"/>), a JSON merge patch of the status subresource carrying the whole conditions list
///    and <c>metadata.resourceVersion</c> — the other conditions and fields stay as they are, and a concurrent writer
///    (OCM's addon-manager) makes it fail with 409 instead of being overwritten (retried with backoff), as OCM's own
///    status patcher does.
/// 5. Requeue after <c>Interval * (1 + random[0, JitterFactor))</c>.
/// </remarks>
internal sealed partial class AddonHealthReconciler : IReconciler<string>
{
    private readonly KubeClient _hub;
    private readonly Informer<ManagedClusterAddOn> _addons;
    private readonly HealthProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AddonHealthReconciler> _logger;
    private readonly HealthProber _prober;

    // When this manager last wrote each cluster's health (the gateway's freshness window counts from the write).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _healthWritten = new(StringComparer.Ordinal);

    /// <summary>Creates the reconciler.</summary>
    /// <param name="hub">Client of the hub (probes, ClusterGateway health, addon status).</param>
    /// <param name="addons">Informer of ManagedClusterAddOns (all namespaces; others than <c>cluster-gateway</c> are ignored).</param>
    /// <param name="options">Interval, jitter, timeout.</param>
    /// <param name="timeProvider">Clock of timeouts and condition transition times.</param>
    /// <param name="logger">Logger.</param>
    public AddonHealthReconciler(KubeClient hub, Informer<ManagedClusterAddOn> addons, HealthProbeOptions options,
        TimeProvider timeProvider, ILogger<AddonHealthReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(addons);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _hub = hub;
        _addons = addons;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _prober = new HealthProber(hub, options, timeProvider);
    }

    /// <summary>
    /// The controller: <see cref="HealthProbeOptions.Concurrency"/> workers (run it with that count), fed by
    /// <paramref name="addons"/>: a <c>cluster-gateway</c> addon that appears, goes, changes generation or starts
    /// deleting queues its namespace at once; so does a status change that is not this manager's own write (e.g. OCM
    /// resetting the conditions). The manager's own status writes queue nothing, so they cause no extra probe.
    /// </summary>
    /// <param name="r">The reconciler.</param>
    /// <param name="addons">The same informer the reconciler reads; the caller runs it.</param>
    /// <param name="options">Options (the worker count is the caller's <c>RunAsync(options.Concurrency, ...)</c>).</param>
    /// <param name="logger">Controller logger.</param>
    /// <returns>The controller, not yet running.</returns>
    public static Controller<string> CreateController(AddonHealthReconciler r, Informer<ManagedClusterAddOn> addons,
        HealthProbeOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(addons);
        ArgumentNullException.ThrowIfNull(options);
        return new Controller<string>("addon-health", r, logger: logger)
            .WatchChanges(addons, static change => TriggerKey(change) is { } key ? [key] : []);
    }

    /// <summary>The cluster to probe for an informer change, or <see langword="null"/> when it calls for no probe.</summary>
    /// <param name="change">The change.</param>
    /// <returns>The cluster name (the addon's namespace), or null.</returns>
    public static string? TriggerKey(InformerEvent<ManagedClusterAddOn> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var addon = change.Object;
        if (addon.Metadata.Name != AddonNames.AddonName || string.IsNullOrEmpty(addon.Metadata.Namespace))
        {
            return null;
        }

        if (change.Type != InformerEventType.Modified || change.Old is not { } old || change.New is not { } now)
        {
            return addon.Metadata.Namespace;
        }

        var relevant = old.Metadata.Generation != now.Metadata.Generation ||
                       old.Metadata.DeletionTimestamp != now.Metadata.DeletionTimestamp ||
                       !AddonHealthStatus.IsOwnStatus(now);
        return relevant ? addon.Metadata.Namespace : null;
    }

    /// <inheritdoc/>
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (!_addons.TryGet(key, AddonNames.AddonName, out var addon) || addon.Metadata.DeletionTimestamp is not null)
        {
            _healthWritten.TryRemove(key, out _);
            Log.NoAddon(_logger, key);
            return ReconcileResult.Done;
        }

        var result = await _prober.ProbeAsync(key, cancellationToken).ConfigureAwait(false);
        Log.Probed(_logger, key, result.Healthy, result.Reason);
        await WriteGatewayHealthAsync(key, result, cancellationToken).ConfigureAwait(false);
        if (!await WriteAddonStatusAsync(addon, result, cancellationToken).ConfigureAwait(false))
        {
            return ReconcileResult.Done;
        }

        return ReconcileResult.RequeueAfter(_options.Interval * (1 + (Random.Shared.NextDouble() * _options.JitterFactor)));
    }

    private async Task WriteGatewayHealthAsync(string cluster, HealthProbeResult result, CancellationToken cancellationToken)
    {
        try
        {
            var gateway = await _hub.GetAsync<V1Alpha1ClusterGateway>(ApiGroups.ClusterGatewayKindInfo, null, cluster,
                cancellationToken).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            if (gateway.Status.Healthy == result.Healthy &&
                string.Equals(gateway.Status.HealthyReason ?? "", result.Reason, StringComparison.Ordinal) &&
                _healthWritten.TryGetValue(cluster, out var written) && now - written < _options.RefreshAfter)
            {
                return;
            }

            var patch = new JsonObject
            {
                ["status"] = new JsonObject { ["healthy"] = result.Healthy, ["healthyReason"] = result.Reason },
            };
            await _hub.PatchAsync<V1Alpha1ClusterGateway>(ApiGroups.ClusterGatewayKindInfo, null, cluster, PatchType.Merge,
                patch.ToJsonString(), subresource: "health", cancellationToken: cancellationToken).ConfigureAwait(false);
            _healthWritten[cluster] = now;
            Log.GatewayHealthWritten(_logger, cluster, result.Healthy);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            _healthWritten.TryRemove(cluster, out _);
            Log.NoClusterGateway(_logger, cluster);
        }
        catch (KubeApiException e)
        {
            Log.GatewayHealthFailed(_logger, cluster, e.Code, e.Message);
        }
    }

    /// <returns>False when the addon is gone.</returns>
    private async Task<bool> WriteAddonStatusAsync(ManagedClusterAddOn addon, HealthProbeResult result,
        CancellationToken cancellationToken)
    {
        if (AddonHealthStatus.Desired(addon, result, _timeProvider.GetUtcNow()) is not { } conditions)
        {
            return true;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = addon.Metadata.ResourceVersion },
            ["status"] = new JsonObject
            {
                ["healthCheck"] = new JsonObject { ["mode"] = AddonHealthStatus.CustomizedMode },
                ["conditions"] = JsonSerializer.SerializeToNode(conditions, KubeJson.Options),
            },
        };
        try
        {
            await _hub.PatchAsync<ManagedClusterAddOn>(ManagedClusterAddOn.ResourceKind, addon.Metadata.Namespace,
                AddonNames.AddonName, PatchType.Merge, patch.ToJsonString(), AddonNames.FieldManager,
                subresource: "status", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }

        Log.AddonStatusWritten(_logger, addon.Metadata.Namespace ?? "", result.Healthy, result.Reason);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug,
            Message = "Cluster {Cluster}: no cluster-gateway ManagedClusterAddOn (or it is being deleted); not probing")]
        public static partial void NoAddon(ILogger logger, string cluster);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Cluster {Cluster} probed: healthy={Healthy} {Reason}")]
        public static partial void Probed(ILogger logger, string cluster, bool healthy, string reason);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
            Message = "Cluster {Cluster}: ManagedClusterAddOn status written: available={Healthy} {Reason}")]
        public static partial void AddonStatusWritten(ILogger logger, string cluster, bool healthy, string reason);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Cluster {Cluster}: ClusterGateway health written: healthy={Healthy}")]
        public static partial void GatewayHealthWritten(ILogger logger, string cluster, bool healthy);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Cluster {Cluster}: no ClusterGateway; its health is not written")]
        public static partial void NoClusterGateway(ILogger logger, string cluster);

        [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
            Message = "Cluster {Cluster}: writing the ClusterGateway health failed ({Code}): {Message}; retried at the next probe")]
        public static partial void GatewayHealthFailed(ILogger logger, string cluster, int code, string message);
    }
}
