using ClusterGateway.Crds;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Hub mode: an informer on the Secrets in <c>--secret-namespace</c> that carry the credential-type label
/// (upstream <c>SecretControl.List</c> selector) feeds the registry. Every Secret event re-converts that one Secret,
/// so a rotated token reaches the proxy as soon as the watch delivers it; nothing on the request path calls the hub.
/// Registry revisions are the Secrets' resourceVersions (the list's for the initial load), so replicas agree.
/// </summary>
internal sealed partial class HubSecretSource(
    GatewayOptions options, HubConnection hub, ClusterRegistry registry, SecretConversionOptions conversion,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private const string SourceId = "secrets";

    private readonly ILogger _logger = loggerFactory.CreateLogger<HubSecretSource>();

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
        var synced = false;
        informer.Changed += change =>
        {
            // Before the first sync the whole list is published at once below.
            if (!Volatile.Read(ref synced))
            {
                return;
            }

            // The Secret's resourceVersion is the revision of the change; a deletion found by a relist carries the old
            // object, so deletions take the informer's position (the watch event's or the relist's resourceVersion).
            var name = change.Object.Metadata.Name ?? "";
            if (change.Type == InformerEventType.Deleted)
            {
                registry.Remove(SourceId, name, Revisions.FromResourceVersion(informer.LastSyncResourceVersion));
            }
            else if (ToEntry(change.Object) is { } entry)
            {
                registry.Upsert(SourceId, entry);
            }
            else
            {
                registry.Remove(SourceId, name, Revisions.FromResourceVersion(change.Object.Metadata.ResourceVersion));
            }
        };

        var run = informer.RunAsync(stoppingToken);
        await Task.WhenAny(informer.WaitForSyncAsync(stoppingToken), run);
        if (informer.HasSynced)
        {
            Volatile.Write(ref synced, true);
            registry.Replace(SourceId, informer.List().Select(ToEntry).OfType<ClusterEntry>(),
                Revisions.FromResourceVersion(informer.LastSyncResourceVersion));
            Log.Synced(_logger, options.SecretNamespace, informer.Count);
        }

        await run;
    }

    private ClusterEntry? ToEntry(Secret secret) =>
        SecretClusters.ToEntry(secret, conversion, $"Secret {secret.Metadata.Namespace}/{secret.Metadata.Name}") is { } entry
            ? entry with { Revision = Revisions.FromResourceVersion(secret.Metadata.ResourceVersion) ?? 0 }
            : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information,
            Message = "Secrets in {Namespace} synced: {Count} carry a cluster credential label")]
        public static partial void Synced(ILogger logger, string @namespace, int count);
    }
}
