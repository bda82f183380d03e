using ClusterGateway.Crds;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Health;

/// <summary>
/// Writes a cluster's health to its hub Secret as the annotations <c>status.cluster.core.oam.dev/healthy</c> and
/// <c>status.cluster.core.oam.dev/healthy-reason</c> (upstream <c>clustergateway_health.go</c>). Unlike upstream it
/// reads the Secret fresh and writes with its resourceVersion: a conflict with another writer is retried, and a
/// caller's own <c>metadata.resourceVersion</c> precondition is honoured (409 when stale). The answer is returned once
/// the registry shows it, so a following GET or list reads the write.
/// </summary>
internal sealed partial class HealthWriter(
    HubConnection hub, GatewayOptions options, SecretConversionOptions conversion, IClusterRegistry registry,
    ILogger<HealthWriter> logger)
{
    private const int Attempts = 5;
    private static readonly TimeSpan ReflectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Writes <paramref name="status"/> for cluster <paramref name="name"/>.</summary>
    /// <param name="name">Cluster (and Secret) name.</param>
    /// <param name="status">Desired health.</param>
    /// <param name="precondition">The caller's <c>metadata.resourceVersion</c>, if it sent one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated ClusterGateway, or the Status to answer with.</returns>
    public async Task<(V1Alpha1ClusterGateway? Gateway, Status? Failure)> WriteAsync(string name,
        ClusterGatewayStatus status, string? precondition, CancellationToken cancellationToken)
    {
        if (hub.Hub is not { } client)
        {
            return (null, Status.Failure(405, "MethodNotAllowed",
                "health can only be written in hub mode: local clusters have no Secret to keep it"));
        }

        for (var attempt = 1; ; attempt++)
        {
            var secret = await client.GetAsync<Secret>(ResourceKind.Secrets, options.SecretNamespace, name, cancellationToken);
            if (precondition is not null && precondition != secret.Metadata.ResourceVersion)
            {
                return (null, Conflict(name));
            }

            secret.Metadata.Annotations ??= [];
            secret.Metadata.Annotations[SecretKeys.HealthyAnnotation] = status.Healthy ? "true" : "false";
            secret.Metadata.Annotations[SecretKeys.HealthyReasonAnnotation] = status.HealthyReason ?? "";
            try
            {
                var updated = await client.ReplaceAsync(ResourceKind.Secrets, options.SecretNamespace, name, secret,
                    cancellationToken);
                Log.Written(logger, name, status.Healthy, status.HealthyReason ?? "");
                await WaitForRegistryAsync(name, status, cancellationToken);
                var converted = ClusterGatewaySecretConverter.Convert(updated, conversion);
                return converted.Gateway is { } gateway
                    ? (gateway, null)
                    : (null, Status.Failure(503, "ServiceUnavailable", converted.Error ?? "invalid cluster Secret"));
            }
            catch (KubeApiException e) when (e.IsConflict && precondition is null && attempt < Attempts)
            {
                Log.Retrying(logger, name, attempt);
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                return (null, Conflict(name));
            }
        }
    }

    // Read-your-writes: the informer delivers the update within milliseconds; answer once it did (bounded).
    private async Task WaitForRegistryAsync(string name, ClusterGatewayStatus status, CancellationToken cancellationToken)
    {
        var reflected = await registry.WaitForAsync(
            r => r.Snapshot.TryGetValue(name, out var entry) && entry.Gateway?.Status is { } current &&
                 current.Healthy == status.Healthy && (current.HealthyReason ?? "") == (status.HealthyReason ?? ""),
            ReflectTimeout, cancellationToken);
        if (!reflected)
        {
            Log.NotReflected(logger, name);
        }
    }

    private static Status Conflict(string name) => Status.Failure(409, "Conflict",
        $"Operation cannot be fulfilled on {ApiGroups.ClusterGateways}.{ApiGroups.ClusterGroup} \"{name}\": the object " +
        "has been modified; please apply your changes to the latest version and try again",
        new StatusDetails { Name = name, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways });

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information,
            Message = "Health of cluster {Name} written: healthy={Healthy} reason={Reason}")]
        public static partial void Written(ILogger logger, string name, bool healthy, string reason);

        [LoggerMessage(EventId = 701, Level = LogLevel.Debug, Message = "Health of cluster {Name}: conflict, retry {Attempt}")]
        public static partial void Retrying(ILogger logger, string name, int attempt);

        [LoggerMessage(EventId = 702, Level = LogLevel.Warning,
            Message = "Health of cluster {Name} was written but the Secret informer has not delivered it yet")]
        public static partial void NotReflected(ILogger logger, string name);
    }
}
