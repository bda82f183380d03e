using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// For ClusterProxy egress, copies the cluster-proxy client CA and client certificate Secrets named in
/// <c>spec.egress.clusterProxy.credentials</c> into the install namespace under the same names, where the Deployment
/// mounts them (upstream installer step 4, <c>cert.CopySecret</c>). Unlike upstream the copy is applied (server-side,
/// owned by the configuration, labelled), so a renewed source replaces the copied keys, and a missing source is
/// reported instead of failing the whole reconcile.
/// </summary>
/// <param name="client">The hub client.</param>
internal sealed class ProxyCredentialsCopier(KubeClient client)
{
    /// <summary>Copies the Secrets (nothing for Direct egress, or when they already live in the install namespace).</summary>
    /// <param name="configuration">The active, valid configuration.</param>
    /// <param name="apiServiceOwner">The APIService as a second owner of the copies
    /// (<see cref="ApiServiceManifest.OwnerReference"/>) once it exists, else null: the gateway mounts them.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns><c>namespace/name</c> of each source Secret that does not exist (yet).</returns>
    /// <exception cref="KubeApiException">A read (other than 404) or an apply failed.</exception>
    public async Task<IReadOnlyList<string>> CopyAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, JsonObject? apiServiceOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var spec = configuration.Spec;
        if (!GatewayArguments.IsClusterProxy(spec))
        {
            return [];
        }

        var credentials = GatewayArguments.ClusterProxy(spec).Credentials;
        var missing = new List<string>();
        var names = new[] { credentials.ProxyClientCASecretName, credentials.ProxyClientSecretName }.Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var source = await TryGetAsync(credentials.Namespace, name, cancellationToken).ConfigureAwait(false);
            if (source is null)
            {
                missing.Add($"{credentials.Namespace}/{name}");
            }
            else if (!string.Equals(credentials.Namespace, spec.InstallNamespace, StringComparison.Ordinal))
            {
                await ServerSideApply.ApplyAsync(client, ResourceKind.Secrets, Copy(configuration, source, apiServiceOwner), AddonNames.FieldManager,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return missing;
    }

    private static JsonObject Copy(V1Alpha1ClusterGatewayConfiguration configuration, Secret source, JsonObject? apiServiceOwner)
    {
        var copy = ManifestMetadata.AddOwner(
            ManifestMetadata.Create(configuration, "v1", "Secret", source.Metadata.Name!, configuration.Spec.InstallNamespace),
            apiServiceOwner);
        copy["type"] = source.Type ?? "Opaque";
        var data = new JsonObject();
        foreach (var (key, value) in source.Data ?? [])
        {
            data[key] = Convert.ToBase64String(value);
        }

        copy["data"] = data;
        return copy;
    }

    private async Task<Secret?> TryGetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync<Secret>(ResourceKind.Secrets, @namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
