using System.Text.Json.Nodes;
using ClusterGateway.Crds;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Health;

/// <summary>
/// Writes a cluster's health to its hub Secret as the annotations <c>status.cluster.core.oam.dev/healthy</c>,
/// <c>status.cluster.core.oam.dev/healthy-reason</c> (upstream <c>clustergateway_health.go</c>) and
/// <c>status.cluster.core.oam.dev/healthy-time</c> (our extension: the gateway's clock, which makes the write a probe
/// result, see <see cref="ProbeFreshness"/>), with one JSON merge patch of the Secret.
/// </summary>
/// <remarks>
/// Preconditions: a caller's <c>metadata.resourceVersion</c> (PUT) is the ClusterGateway's, which with OCM integration
/// is the larger of the Secret's and the ManagedCluster's. It must equal the resourceVersion this gateway shows for the
/// cluster (else 409 Conflict); the patch then carries the Secret's own resourceVersion, so the hub answers 409 only
/// when the Secret changed since. Without one (PATCH, computed against the current object) the annotations are
/// patched as they are. The answer is what a following GET shows: the registry's entry once the Secret informer has
/// delivered the write (milliseconds, bounded by <see cref="ReflectTimeout"/>), else the written Secret merged with
/// the cached ManagedCluster exactly as the informer will merge it.
/// </remarks>
internal sealed partial class HealthWriter(
    HubConnection hub, GatewayOptions options, SecretConversionOptions conversion, IClusterRegistry registry,
    TimeProvider timeProvider, ILogger<HealthWriter> logger, HubSecretSource? secrets = null)
{
    /// <summary>How long an answer waits for the Secret informer to deliver the write (the whole answer stays under 1 s).</summary>
    private static readonly TimeSpan ReflectTimeout = TimeSpan.FromMilliseconds(700);

    /// <summary>How long a precondition newer than this replica's view waits for the view to catch up.</summary>
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Writes <paramref name="status"/> for cluster <paramref name="name"/>.</summary>
    /// <param name="name">Cluster (and Secret) name.</param>
    /// <param name="status">Desired health.</param>
    /// <param name="precondition">The caller's <c>metadata.resourceVersion</c>, if it sent one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated ClusterGateway, or the Status to answer with.</returns>
    /// <exception cref="KubeApiException">The hub refused the patch for another reason than a conflict.</exception>
    public async Task<(V1Alpha1ClusterGateway? Gateway, Status? Failure)> WriteAsync(string name,
        ClusterGatewayStatus status, string? precondition, CancellationToken cancellationToken)
    {
        if (hub.Hub is not { } client)
        {
            return (null, Status.Failure(405, "MethodNotAllowed",
                "health can only be written in hub mode: local clusters have no Secret to keep it"));
        }

        string? secretVersion = null;
        if (precondition is not null)
        {
            if (await ShownAsync(name, precondition, cancellationToken) is not { } shown)
            {
                return (null, ApiStatuses.NotFound(name));
            }

            if (shown.Gateway?.Metadata.ResourceVersion != precondition)
            {
                return (null, Conflict(name));
            }

            secretVersion = shown.SourceVersion;
        }

        Secret updated;
        try
        {
            updated = await client.PatchAsync<Secret>(ResourceKind.Secrets, options.SecretNamespace, name,
                PatchType.Merge, Patch(status, secretVersion, timeProvider.GetUtcNow()),
                cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            return (null, Conflict(name));
        }

        Log.Written(logger, name, status.Healthy, status.HealthyReason ?? "", updated.Metadata.ResourceVersion ?? "");
        return await AnswerAsync(name, updated, cancellationToken);
    }

    private static string Patch(ClusterGatewayStatus status, string? resourceVersion, DateTimeOffset now)
    {
        var metadata = new JsonObject
        {
            ["annotations"] = new JsonObject
            {
                [SecretKeys.HealthyAnnotation] = status.Healthy ? "true" : "false",
                [SecretKeys.HealthyReasonAnnotation] = status.HealthyReason ?? "",
                [SecretKeys.HealthyTimeAnnotation] = ProbeFreshness.Format(now),
            },
        };
        if (resourceVersion is not null)
        {
            // A resourceVersion in a patch is a precondition (apiserver staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject { ["metadata"] = metadata }.ToJsonString();
    }

    // The entry this replica shows; when the caller read a newer resourceVersion (from another replica, with hub
    // revisions), wait briefly for this one to catch up rather than answer a conflict that is none. A per-process
    // revision of another replica is never reached: the wait ends and the answer is 409.
    private async Task<ClusterEntry?> ShownAsync(string name, string precondition, CancellationToken cancellationToken)
    {
        if (Revisions.FromResourceVersion(precondition) is { } wanted)
        {
            await registry.WaitForAsync(r => !r.Snapshot.TryGetValue(name, out var e) || e.Revision >= wanted,
                CatchUpTimeout, cancellationToken);
        }

        return registry.Snapshot.GetValueOrDefault(name);
    }

    private async Task<(V1Alpha1ClusterGateway? Gateway, Status? Failure)> AnswerAsync(string name, Secret updated,
        CancellationToken cancellationToken)
    {
        var written = updated.Metadata.ResourceVersion;
        var reflected = await registry.WaitForAsync(r => Reflects(r, name, written), ReflectTimeout, cancellationToken);
        ClusterEntry? entry;
        if (reflected)
        {
            entry = registry.Snapshot.GetValueOrDefault(name);
        }
        else
        {
            Log.AnsweredFromWrite(logger, name, written ?? "", ReflectTimeout.TotalMilliseconds);
            entry = secrets is not null
                ? secrets.Preview(updated)
                : SecretClusters.ToEntry(updated, conversion, $"Secret {options.SecretNamespace}/{name}");
        }

        return entry switch
        {
            null => (null, ApiStatuses.NotFound(name)),
            { Gateway: { } gateway } => (gateway, null),
            _ => (null, ApiStatuses.Unavailable(name, entry.Error)),
        };
    }

    // The registry shows the written Secret or a later one (or no longer has the cluster).
    private static bool Reflects(IClusterRegistry registry, string name, string? written)
    {
        if (!registry.Snapshot.TryGetValue(name, out var entry))
        {
            return true;
        }

        return Revisions.FromResourceVersion(written) is { } version
            ? Revisions.FromResourceVersion(entry.SourceVersion) >= version
            : string.Equals(entry.SourceVersion, written, StringComparison.Ordinal);
    }

    private static Status Conflict(string name) => Status.Failure(409, "Conflict",
        $"Operation cannot be fulfilled on {ApiGroups.ClusterGateways}.{ApiGroups.ClusterGroup} \"{name}\": the object " +
        "has been modified; please apply your changes to the latest version and try again",
        new StatusDetails { Name = name, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways });

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information,
            Message = "Health of cluster {Name} written: healthy={Healthy} reason={Reason} (Secret resourceVersion {ResourceVersion})")]
        public static partial void Written(ILogger logger, string name, bool healthy, string reason, string resourceVersion);

        [LoggerMessage(EventId = 702, Level = LogLevel.Warning,
            Message = "Health of cluster {Name}: the Secret informer had not delivered resourceVersion {ResourceVersion} " +
                "within {Milliseconds} ms; answered from the written Secret merged with the cached ManagedCluster")]
        public static partial void AnsweredFromWrite(ILogger logger, string name, string resourceVersion, double milliseconds);
    }
}
