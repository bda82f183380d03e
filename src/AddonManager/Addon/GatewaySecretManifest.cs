using System.Text;
using System.Text.Json;
using ClusterGateway.Crds;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// The gateway Secret <c>&lt;secretNamespace&gt;/&lt;cluster&gt;</c> built from a ManagedServiceAccount token (upstream
/// <c>installer.go</c> step 5, with labels and the endpoint reconciled too): type <c>Opaque</c>; labels
/// <c>cluster.core.oam.dev/cluster-credential-type=ServiceAccountToken</c>,
/// <c>cluster.core.oam.dev/cluster-endpoint-type=Const|ClusterProxy</c> (egress Direct | ClusterProxy), managed-by and
/// the cluster label; data <c>token</c>, <c>ca.crt</c> (copied from the token Secret) and, for Direct egress,
/// <c>endpoint</c> = the ManagedCluster's first <c>managedClusterClientConfigs[].url</c> (so the Secret also works without
/// <c>--ocm-integration</c>); owner: the cluster-scoped ClusterManagementAddOn (a namespaced owner in another namespace
/// would be invalid).
/// </summary>
internal static class GatewaySecretManifest
{
    /// <summary>The data keys this manager decides; any other key (e.g. a user's <c>proxy-url</c>) is kept.</summary>
    public static readonly IReadOnlyList<string> ManagedKeys = [SecretKeys.Token, SecretKeys.CaCrt, SecretKeys.Endpoint];

    /// <summary>Builds the wanted Secret.</summary>
    /// <param name="cluster">The cluster name (Secret name and cluster label).</param>
    /// <param name="configuration">The active configuration (secret namespace, egress type).</param>
    /// <param name="token">The token Secret (keys <c>token</c>, <c>ca.crt</c>).</param>
    /// <param name="managedCluster">The ManagedCluster, or null (then no <c>endpoint</c>).</param>
    /// <param name="owner">The ClusterManagementAddOn <c>cluster-gateway</c>, as read from the server.</param>
    /// <returns>A new Secret.</returns>
    public static Secret Build(string cluster, V1Alpha1ClusterGatewayConfiguration configuration, Secret token,
        ManagedCluster? managedCluster, ClusterManagementAddOn owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(token);
        var proxy = configuration.Spec.Egress.Type == EgressTypes.ClusterProxy;
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in (string[])[SecretKeys.Token, SecretKeys.CaCrt])
        {
            if (token.Data?.TryGetValue(key, out var value) == true)
            {
                data[key] = value;
            }
        }

        if (!proxy && managedCluster?.Spec?.ManagedClusterClientConfigs?.FirstOrDefault()?.Url is { Length: > 0 } url)
        {
            data[SecretKeys.Endpoint] = Encoding.UTF8.GetBytes(url);
        }

        var secret = new Secret
        {
            Metadata = new ObjectMeta
            {
                Name = cluster,
                Namespace = configuration.Spec.SecretNamespace,
                Labels = new(StringComparer.Ordinal)
                {
                    [SecretKeys.CredentialTypeLabel] = CredentialTypes.ServiceAccountToken,
                    [SecretKeys.EndpointTypeLabel] = proxy ? EndpointTypes.ClusterProxy : EndpointTypes.Const,
                    [AddonNames.ManagedByLabel] = AddonNames.FieldManager,
                    [AddonNames.ClusterLabel] = cluster,
                },
            },
            Type = "Opaque",
            Data = data,
        };
        OwnerReferences.Set(secret, owner, controller: true);
        return secret;
    }

    /// <summary>Whether a Secret carries our managed-by label.</summary>
    /// <param name="secret">The Secret.</param>
    /// <returns><see langword="true"/> when we wrote it.</returns>
    public static bool IsOurs(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Metadata.Labels?.GetValueOrDefault(AddonNames.ManagedByLabel) == AddonNames.FieldManager;
    }

    /// <summary>
    /// Whether <paramref name="existing"/> already has the wanted labels, owner (by uid) and managed data keys (a
    /// managed key the wanted Secret lacks must be absent too); annotations and other keys do not matter.
    /// </summary>
    /// <param name="existing">The live Secret.</param>
    /// <param name="desired">From <see cref="Build"/>.</param>
    /// <returns><see langword="true"/> when no write is needed.</returns>
    public static bool IsSatisfiedBy(Secret existing, Secret desired)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(desired);
        var labels = existing.Metadata.Labels ?? [];
        if (desired.Metadata.Labels!.Any(l => labels.GetValueOrDefault(l.Key) != l.Value))
        {
            return false;
        }

        var uids = (existing.Metadata.OwnerReferences ?? []).Select(Uid).ToHashSet(StringComparer.Ordinal);
        if (!(desired.Metadata.OwnerReferences ?? []).All(r => uids.Contains(Uid(r))))
        {
            return false;
        }

        return ManagedKeys.All(key =>
        {
            byte[]? actual = null;
            var has = existing.Data?.TryGetValue(key, out actual) == true;
            var wants = desired.Data!.TryGetValue(key, out var wanted);
            return has == wants && (!has || actual.AsSpan().SequenceEqual(wanted));
        });
    }

    /// <summary>
    /// The update of <paramref name="existing"/> (a full object for PUT, with its resourceVersion for optimistic
    /// concurrency): its metadata with our labels and owner added, its type (immutable), its unmanaged data keys and the
    /// wanted managed keys.
    /// </summary>
    /// <param name="existing">The live Secret (not mutated).</param>
    /// <param name="desired">From <see cref="Build"/>.</param>
    /// <returns>A new Secret.</returns>
    public static Secret Merge(Secret existing, Secret desired)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(desired);
        var metadata = JsonSerializer.Deserialize<ObjectMeta>(
            JsonSerializer.SerializeToUtf8Bytes(existing.Metadata, KubeJson.Options), KubeJson.Options)!;
        metadata.Labels ??= new(StringComparer.Ordinal);
        foreach (var (key, value) in desired.Metadata.Labels!)
        {
            metadata.Labels[key] = value;
        }

        var data = new Dictionary<string, byte[]>(existing.Data ?? [], StringComparer.Ordinal);
        foreach (var key in ManagedKeys)
        {
            data.Remove(key);
        }

        foreach (var (key, value) in desired.Data!)
        {
            data[key] = value;
        }

        var merged = new Secret { Metadata = metadata, Type = existing.Type ?? desired.Type, Data = data, Extra = existing.Extra };
        merged.Metadata.OwnerReferences = [.. (merged.Metadata.OwnerReferences ?? [])
            .Where(r => !IsSameKind(r, desired.Metadata.OwnerReferences![0])), .. desired.Metadata.OwnerReferences!];
        return merged;
    }

    private static string Uid(JsonElement reference) =>
        reference.TryGetProperty("uid", out var uid) ? uid.GetString() ?? "" : "";

    private static bool IsSameKind(JsonElement a, JsonElement b) =>
        Get(a, "kind") == Get(b, "kind") && Get(a, "name") == Get(b, "name") && Get(a, "apiVersion") == Get(b, "apiVersion");

    private static string? Get(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;
}
