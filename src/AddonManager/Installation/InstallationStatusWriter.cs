using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Writes a configuration's <c>status</c> (conditions with <c>meta.SetStatusCondition</c> semantics, and
/// <c>lastObservedGeneration</c>) by server-side apply on the <c>status</c> subresource, and only when something but
/// a transition time would change, so an idle reconcile writes nothing.
/// </summary>
/// <param name="client">The hub client.</param>
/// <param name="timeProvider">The clock for transition times.</param>
internal sealed class InstallationStatusWriter(KubeClient client, TimeProvider timeProvider)
{
    /// <summary>Merges <paramref name="conditions"/> into the status and writes it when it changed.</summary>
    /// <param name="configuration">The configuration as cached (not mutated).</param>
    /// <param name="conditions">The wanted conditions; other types already present are kept.</param>
    /// <param name="observed">Set <c>lastObservedGeneration</c> to <c>metadata.generation</c> (the spec was acted on).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether the status was written.</returns>
    /// <exception cref="KubeApiException">The write failed (e.g. 404 when the configuration is gone).</exception>
    public async Task<bool> WriteAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, IEnumerable<Condition> conditions, bool observed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(conditions);
        var current = configuration.Status;

        // A deep copy: the cached instances belong to the informer.
        var list = current?.Conditions is { } existing
            ? JsonSerializer.Deserialize<List<Condition>>(JsonSerializer.Serialize(existing, KubeJson.Options), KubeJson.Options) ?? []
            : [];
        var now = timeProvider.GetUtcNow();
        var changed = false;
        foreach (var condition in conditions)
        {
            changed |= Conditions.Set(list, condition, now);
        }

        var generation = observed ? configuration.Metadata.Generation : current?.LastObservedGeneration;
        changed |= generation != current?.LastObservedGeneration;
        if (!changed)
        {
            return false;
        }

        var status = new ClusterGatewayConfigurationStatus { Conditions = list, LastObservedGeneration = generation };
        var body = new JsonObject
        {
            ["apiVersion"] = V1Alpha1ClusterGatewayConfiguration.GroupVersion,
            ["kind"] = V1Alpha1ClusterGatewayConfiguration.KindName,
            ["metadata"] = new JsonObject { ["name"] = configuration.Metadata.Name },
            ["status"] = JsonSerializer.SerializeToNode(status, KubeJson.Options),
        };
        await ServerSideApply.ApplyAsync(client, V1Alpha1ClusterGatewayConfiguration.ResourceKind, body, AddonNames.FieldManager,
            subresource: "status", cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }
}
