using ClusterGateway.Crds;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Health;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Ocm;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Hub mode: an informer on the Secrets in <c>--secret-namespace</c> that carry the credential-type label
/// (upstream <c>SecretControl.List</c> selector) feeds the registry. Every Secret event re-converts that one Secret,
/// so a rotated token reaches the proxy as soon as the watch delivers it; nothing on the request path calls the hub.
/// Registry revisions are the Secrets' resourceVersions (the list's for the initial load), so replicas agree. A relist
/// (after the watch's resourceVersion expired) cannot tell in which order the Secrets changed meanwhile, nor when the
/// missing ones were deleted: its changes replace the source as one write at the list's resourceVersion, which resets
/// the registry's history (open watches get 410 Expired and relist, as kube-apiserver's own cache does).
/// With <c>--ocm-integration</c> a <see cref="ManagedClusterTracker"/> also caches OCM ManagedClusters: a Secret
/// whose ManagedCluster exists is merged with it (<see cref="ManagedClusterMerge"/>; its revision is the larger of the
/// two resourceVersions), a ManagedCluster event re-publishes that one cluster, and the API appearing or disappearing
/// re-publishes all. With <c>--ocm-filter-dangling-clusters</c>, while the API is served, Secrets without a
/// ManagedCluster are not clusters. Without the API, clusters come from Secrets alone, exactly as without the flag.
/// Only the whole-source events convert every Secret: the initial list, a relist that found changes, and the
/// ManagedCluster API appearing, syncing or disappearing (every cluster's merge changes); any other event converts
/// and publishes one Secret (counted by <see cref="ClusterSourceMetrics"/>), which the registry applies in
/// O(log N).
/// A merged cluster's health follows <see cref="ProbeFreshness"/>: a fresh probe result on the Secret outranks the
/// ManagedCluster's condition, and the cluster is re-merged when that result goes stale (its resourceVersion, a
/// function of the two objects' resourceVersions only, stays; its status turns back to the condition's).
/// </summary>
internal sealed partial class HubSecretSource(
    GatewayOptions options, HubConnection hub, ClusterRegistry registry, SecretConversionOptions conversion,
    TimeProvider timeProvider, ClusterSourceMetrics metrics, ILoggerFactory loggerFactory) : BackgroundService
{
    private const string SourceId = "secrets";

    /// <summary>How long the initial load waits for the first ManagedCluster check before going on without it.</summary>
    private static readonly TimeSpan OcmStartupWait = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = loggerFactory.CreateLogger<HubSecretSource>();

    // Serializes Secret and ManagedCluster events, so each cluster is merged from one consistent pair.
    private readonly Lock _lock = new();

    // Guarded by _lock: the highest ManagedCluster revision (object or deletion) seen per name.
    private readonly Dictionary<string, long> _ocmRevisions = new(StringComparer.Ordinal);

    // Guarded by _lock: per name, the timer that re-merges the cluster when its probe result goes stale.
    private readonly Dictionary<string, ITimer> _probeExpiries = new(StringComparer.Ordinal);

    // Guarded by _lock: whether the initial load was published (events before it are covered by it).
    private bool _synced;

    // Guarded by _lock: whether the running relist found changes (published together when it ends).
    private bool _relistChanged;

    private Informer<Secret>? _secrets;
    private ManagedClusterTracker? _ocm;

    /// <summary>Registers the source before the server starts, so readyz waits for the first list.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the background loop is started.</returns>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddSource(SourceId);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var informer = new Informer<Secret>(hub.Hub!, ResourceKind.Secrets, options.SecretNamespace,
            SecretKeys.CredentialTypeLabel, loggerFactory.CreateLogger<Informer<Secret>>());
        _secrets = informer;
        informer.Changed += change => OnSecretChanged(informer, change);
        informer.Listed += resourceVersion => OnListed(informer, resourceVersion);
        var ocmRun = Task.CompletedTask;
        if (options.OcmIntegration)
        {
            var ocm = new ManagedClusterTracker(hub.Hub!, options.OcmDiscoveryInterval, loggerFactory);
            ocm.Changed += OnManagedClusterChanged;
            _ocm = ocm;
            ocmRun = ocm.RunAsync(stoppingToken);
        }

        var run = informer.RunAsync(stoppingToken);
        await Task.WhenAny(informer.WaitForSyncAsync(stoppingToken), run);
        if (_ocm is { } tracker)
        {
            await Task.WhenAny(tracker.FirstCheck, Task.Delay(OcmStartupWait, stoppingToken));
        }

        if (informer.HasSynced)
        {
            lock (_lock)
            {
                // The position first: an event applied between the two reads is then published again at its own
                // (higher) revision instead of sitting in a state labelled older than it.
                var revision = Revisions.FromResourceVersion(informer.LastSyncResourceVersion);
                _synced = true;
                registry.Replace(SourceId, informer.List().Select(ToEntryWithExpiry).OfType<ClusterEntry>(), revision);
            }

            Log.Synced(_logger, options.SecretNamespace, informer.Count);
        }

        await run;
        await ocmRun;
    }

    private void OnSecretChanged(Informer<Secret> informer, InformerEvent<Secret> change)
    {
        lock (_lock)
        {
            // Before the first sync the whole list is published at once; a relist's changes when it ends.
            if (!_synced)
            {
                return;
            }

            if (change.FromList)
            {
                _relistChanged = true;
                return;
            }

            // The Secret's resourceVersion is the revision of the change; a deletion found by a relist carries the old
            // object, so deletions take the informer's position (the watch event's or the relist's resourceVersion).
            var name = change.Object.Metadata.Name ?? "";
            if (change.Type == InformerEventType.Deleted)
            {
                registry.Remove(SourceId, name, Revisions.FromResourceVersion(informer.LastSyncResourceVersion));
                CancelExpiry(name);
            }
            else
            {
                Publish(name, change.Object, Revisions.FromResourceVersion(change.Object.Metadata.ResourceVersion));
            }
        }
    }

    private void OnListed(Informer<Secret> informer, string? resourceVersion)
    {
        lock (_lock)
        {
            if (_synced && _relistChanged)
            {
                _relistChanged = false;
                registry.Replace(SourceId, informer.List().Select(ToEntryWithExpiry).OfType<ClusterEntry>(),
                    Revisions.FromResourceVersion(resourceVersion));
            }
        }
    }

    /// <summary>A ManagedCluster changed (<paramref name="name"/>), or all of them (<see langword="null"/>).</summary>
    private void OnManagedClusterChanged(string? name, string? resourceVersion)
    {
        lock (_lock)
        {
            var revision = Revisions.FromResourceVersion(resourceVersion);
            if (name is not null && revision is { } known)
            {
                _ocmRevisions[name] = Math.Max(known, _ocmRevisions.GetValueOrDefault(name));
            }

            if (!_synced || _secrets is not { } secrets)
            {
                return;
            }

            if (name is null)
            {
                registry.Replace(SourceId, secrets.List().Select(ToEntryWithExpiry).OfType<ClusterEntry>(), revision);
            }
            else if (secrets.TryGet(options.SecretNamespace, name, out var secret))
            {
                Publish(name, secret, revision);
            }
        }
    }

    /// <summary>
    /// The entry <paramref name="secret"/> would be published as now: what the health subresource answers when the
    /// informer has not yet delivered its write. <see langword="null"/> when the Secret is not a cluster (or a
    /// filtered dangling one).
    /// </summary>
    /// <remarks>
    /// Stamped with its hub revision (the larger of the Secret's and the ManagedCluster's resourceVersion), which is
    /// what the registry stamps in the hub revision scheme. With per-process revisions (OCM integration) the registry
    /// assigns the next one only when the informer delivers the write, so this answer's resourceVersion is provisional:
    /// a PUT that carries it waits briefly for the registry and is otherwise a 409 Conflict, never a lost update.
    /// </remarks>
    /// <param name="secret">A Secret as written to the hub.</param>
    /// <returns>The entry, or null.</returns>
    public ClusterEntry? Preview(Secret secret)
    {
        lock (_lock)
        {
            return ToEntry(secret, out _) is { } entry ? entry.WithRevision(entry.Revision) : null;
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        lock (_lock)
        {
            foreach (var timer in _probeExpiries.Values)
            {
                timer.Dispose();
            }

            _probeExpiries.Clear();
        }

        base.Dispose();
    }

    private void Publish(string name, Secret secret, long? revision)
    {
        if (ToEntryWithExpiry(secret) is { } entry)
        {
            var hint = Math.Max(revision ?? 0, entry.Revision);
            registry.Upsert(SourceId, entry, hint > 0 ? hint : null);
        }
        else
        {
            registry.Remove(SourceId, name, revision);
        }
    }

    // Caller holds _lock. ToEntry, and a re-merge scheduled for when a winning probe result goes stale.
    private ClusterEntry? ToEntryWithExpiry(Secret secret)
    {
        var entry = ToEntry(secret, out var probeFreshFor);
        var name = secret.Metadata.Name ?? "";
        CancelExpiry(name);
        if (probeFreshFor is { } due)
        {
            ScheduleExpiry(name, due);
        }

        return entry;
    }

    // Caller holds _lock.
    private void ScheduleExpiry(string name, TimeSpan due) =>
        _probeExpiries[name] = timeProvider.CreateTimer(_ => OnProbeExpired(name), null, due, Timeout.InfiniteTimeSpan);

    // Caller holds _lock.
    private void CancelExpiry(string name)
    {
        if (_probeExpiries.Remove(name, out var timer))
        {
            timer.Dispose();
        }
    }

    private void OnProbeExpired(string name)
    {
        lock (_lock)
        {
            _probeExpiries.Remove(name);
            if (!_synced || _secrets is not { } secrets || !secrets.TryGet(options.SecretNamespace, name, out var secret))
            {
                return;
            }

            // Re-merged with the informer's current Secret, whose probe result is stale now. Published only when the
            // status changes (the condition says otherwise): a probe result that agreed with it causes no event.
            var shown = registry.Snapshot.GetValueOrDefault(name)?.Gateway?.Status;
            var merged = ToEntry(secret, out var stillFresh)?.Gateway?.Status;
            if (stillFresh is { } due)
            {
                // A timer that fired early.
                ScheduleExpiry(name, due);
            }
            else if (shown is null || merged is null || shown.Healthy != merged.Healthy ||
                     !string.Equals(shown.HealthyReason, merged.HealthyReason, StringComparison.Ordinal))
            {
                Publish(name, secret, null);
            }
        }
    }

    // Caller holds _lock. probeFreshFor: how long the Secret's probe result outranks the ManagedCluster condition.
    private ClusterEntry? ToEntry(Secret secret, out TimeSpan? probeFreshFor)
    {
        metrics.Read(ClusterSourceMetrics.Secret);
        probeFreshFor = null;
        var name = secret.Metadata.Name ?? "";
        var source = $"Secret {secret.Metadata.Namespace}/{name}";
        var revision = Revisions.FromResourceVersion(secret.Metadata.ResourceVersion) ?? 0;
        if (_ocm is not { } ocm || !ocm.TryGet(name, out var cluster))
        {
            // Dangling: no ManagedCluster although the API is served.
            return _ocm is { IsServed: true } && options.OcmFilterDanglingClusters
                ? null
                : SecretClusters.ToEntry(secret, conversion, source) is { } plain
                    ? plain with
                    {
                        Revision = Math.Max(revision, _ocmRevisions.GetValueOrDefault(name)),
                        SourceVersion = secret.Metadata.ResourceVersion,
                    }
                    : null;
        }

        if (SecretClusters.ToEntry(secret, conversion with { EndpointSupplied = true }, source) is not { } entry)
        {
            return null;
        }

        // Only a Secret whose health is read at all (HealthinessCheck) can carry a probe result.
        probeFreshFor = conversion.ReadHealth
            ? ProbeFreshness.Remaining(ProbeFreshness.ProbedAt(secret.Metadata.Annotations), timeProvider.GetUtcNow(),
                options.HealthProbeFreshness)
            : null;
        var merged = ManagedClusterMerge.Apply(entry, cluster, probeWins: probeFreshFor is not null, out var problem);
        if (problem is not null)
        {
            Log.BadManagedCluster(_logger, name, problem);
        }

        revision = Math.Max(revision, Revisions.FromResourceVersion(cluster.Metadata.ResourceVersion) ?? 0);
        return merged with
        {
            Revision = Math.Max(revision, _ocmRevisions.GetValueOrDefault(name)),
            SourceVersion = secret.Metadata.ResourceVersion,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information,
            Message = "Secrets in {Namespace} synced: {Count} carry a cluster credential label")]
        public static partial void Synced(ILogger logger, string @namespace, int count);

        [LoggerMessage(EventId = 501, Level = LogLevel.Warning,
            Message = "ManagedCluster {Name} gives no usable endpoint, ignored: {Problem}")]
        public static partial void BadManagedCluster(ILogger logger, string name, string problem);
    }
}
