using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>Writing and removing what the reconciler owns: gateway Secrets and ManagedServiceAccounts.</summary>
internal sealed partial class ManagedClusterAddOnReconciler
{
    /// <summary>
    /// Creates the gateway Secret, or updates ours when its labels, owner or managed data differ (so a rotated token
    /// lands at the next reconcile and an unchanged one causes no request). A Secret of that name without our managed-by
    /// label is the user's: never overwritten; Warning <c>SecretConflict</c>.
    /// </summary>
    /// <returns>
    /// False when the secret namespace does not exist yet (the create answered 404 for the namespace): the installation
    /// creates it, so the caller retries shortly instead of reporting a failure.
    /// </returns>
    private async Task<bool> WriteGatewaySecretAsync(ManagedClusterAddOn addon, Secret desired, CancellationToken cancellationToken)
    {
        var ns = desired.Metadata.Namespace!;
        var name = desired.Metadata.Name!;
        Secret written;
        if (_informers.GatewaySecrets.TryGet(ns, name, out var cached))
        {
            if (GatewaySecretManifest.IsSatisfiedBy(cached, desired))
            {
                return true;
            }

            written = await ReplaceAsync(cached, desired, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                written = await _client.CreateAsync(ResourceKind.Secrets, ns, desired, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsNotFound && e.Status.Details?.Kind == "namespaces")
            {
                // kube-apiserver's NamespaceLifecycle admission answers 404 for the namespace (plugin/pkg/admission/namespace/lifecycle).
                LogWaitingForSecretNamespace(_logger, ns, name);
                return false;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                // It exists but is not in our cache: the user's (no managed-by label), or ours not yet seen.
                var live = await _client.GetAsync<Secret>(ResourceKind.Secrets, ns, name, cancellationToken).ConfigureAwait(false);
                if (!GatewaySecretManifest.IsOurs(live))
                {
                    LogSecretConflict(_logger, ns, name);
                    await _events.WarningAsync(addon, AddonEventReasons.SecretConflict,
                        $"Secret {ns}/{name} exists without label {AddonNames.ManagedByLabel}={AddonNames.FieldManager}; " +
                        "it belongs to someone else and is left unchanged", cancellationToken).ConfigureAwait(false);
                    return true;
                }

                if (GatewaySecretManifest.IsSatisfiedBy(live, desired))
                {
                    return true;
                }

                written = await ReplaceAsync(live, desired, cancellationToken).ConfigureAwait(false);
            }
        }

        LogSecretWritten(_logger, ns, name, written.Metadata.ResourceVersion ?? "");
        await _events.NormalAsync(addon, AddonEventReasons.GatewaySecretWritten,
            $"Wrote the gateway Secret {ns}/{name} from the ManagedServiceAccount token", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Task<Secret> ReplaceAsync(Secret existing, Secret desired, CancellationToken cancellationToken) =>
        // PUT with the read resourceVersion: a concurrent change fails with 409 and is retried with backoff.
        _client.ReplaceAsync(ResourceKind.Secrets, existing.Metadata.Namespace, existing.Metadata.Name!,
            GatewaySecretManifest.Merge(existing, desired), cancellationToken);

    /// <summary>
    /// Deletes the gateway Secrets (labelled managed-by and with cluster label <paramref name="cluster"/>) and the
    /// ManagedServiceAccounts (labelled managed-by, namespace <paramref name="cluster"/>) we created for a cluster, except
    /// the ones still wanted (null: none is).
    /// </summary>
    private async Task RemoveOursAsync(string cluster, IKubernetesObject? about, (string Namespace, string Name)? keepSecret,
        string? keepServiceAccount, CancellationToken cancellationToken)
    {
        var secrets = _informers.GatewaySecrets.List().Where(s =>
            GatewaySecretManifest.IsOurs(s) &&
            s.Metadata.Labels?.GetValueOrDefault(AddonNames.ClusterLabel) == cluster &&
            (s.Metadata.Namespace, s.Metadata.Name) != keepSecret);
        foreach (var secret in secrets)
        {
            var ns = secret.Metadata.Namespace!;
            var name = secret.Metadata.Name!;
            await DeleteAsync(ResourceKind.Secrets, ns, name, cancellationToken).ConfigureAwait(false);
            LogRemoved(_logger, cluster, "Secret", ns, name);
            await RecordAsync(about, AddonEventReasons.GatewaySecretRemoved,
                $"Deleted the gateway Secret {ns}/{name} (addon disabled or settings changed)", cancellationToken).ConfigureAwait(false);
        }

        var serviceAccounts = _informers.ManagedServiceAccounts.List().Where(m =>
            m.Metadata.Namespace == cluster &&
            m.Metadata.Labels?.GetValueOrDefault(AddonNames.ManagedByLabel) == AddonNames.FieldManager &&
            m.Metadata.Name != keepServiceAccount);
        foreach (var msa in serviceAccounts)
        {
            var name = msa.Metadata.Name!;
            await DeleteAsync(ManagedServiceAccount.ResourceKind, cluster, name, cancellationToken).ConfigureAwait(false);
            LogRemoved(_logger, cluster, "ManagedServiceAccount", cluster, name);
            await RecordAsync(about, AddonEventReasons.ManagedServiceAccountRemoved,
                $"Deleted the ManagedServiceAccount {cluster}/{name} (addon disabled or settings changed)", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteAsync(ResourceKind kind, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteAsync(kind, ns, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Already gone (e.g. garbage-collected with its owner).
        }
    }

    private async Task RecordAsync(IKubernetesObject? about, string reason, string message, CancellationToken cancellationToken)
    {
        if (about is not null)
        {
            await _events.NormalAsync(about, reason, message, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the gateway Secret {Namespace}/{Name} (resourceVersion {ResourceVersion})")]
    private static partial void LogSecretWritten(ILogger logger, string @namespace, string name, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Secret {Namespace}/{Name} is not ours (no managed-by label); not overwriting it")]
    private static partial void LogSecretConflict(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Namespace {Namespace} does not exist yet (the installation creates it); retrying the gateway Secret {Name} shortly")]
    private static partial void LogWaitingForSecretNamespace(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: deleted {Kind} {Namespace}/{Name}")]
    private static partial void LogRemoved(ILogger logger, string cluster, string kind, string @namespace, string name);
}
