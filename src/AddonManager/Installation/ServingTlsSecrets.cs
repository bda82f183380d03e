using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Reads and writes the two TLS Secrets: the signer CA (<c>&lt;manager namespace&gt;/&lt;--signer-secret-name&gt;</c>,
/// type <c>Opaque</c>, never owned, so it outlives configurations) and the serving certificate
/// (<c>&lt;installNamespace&gt;/cluster-gateway-tls-cert</c>, type <c>kubernetes.io/tls</c>, owned by the configuration
/// and, once registered, by the APIService).
/// Reads go to the server, not a cache, and writes are conditional on the resourceVersion read (create when absent,
/// else update): the planner mints new keys whenever it sees no valid state, so acting on a stale read would rotate
/// again, and a conflict (another writer) must make the reconcile retry from a fresh read rather than overwrite.
/// </summary>
/// <param name="client">The hub client.</param>
/// <param name="managerNamespace">The addon-manager's namespace (<c>NAMESPACE</c>).</param>
/// <param name="signerSecretName">The signer Secret's name (<c>--signer-secret-name</c>).</param>
internal sealed class ServingTlsSecrets(KubeClient client, string managerNamespace, string signerSecretName)
{
    private const string ApiServiceKind = "APIService";

    /// <summary>Gets the signer Secret's namespace.</summary>
    public string ManagerNamespace => managerNamespace;

    /// <summary>Gets the signer Secret's name.</summary>
    public string SignerSecretName => signerSecretName;

    /// <summary>Reads the signer Secret.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Secret, or null when absent.</returns>
    /// <exception cref="KubeApiException">Any error but 404.</exception>
    public Task<Secret?> ReadSignerAsync(CancellationToken cancellationToken) =>
        TryGetAsync(managerNamespace, signerSecretName, cancellationToken);

    /// <summary>Reads the serving Secret of an installation.</summary>
    /// <param name="installNamespace">The install namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The Secret, or null when absent.</returns>
    /// <exception cref="KubeApiException">Any error but 404.</exception>
    public Task<Secret?> ReadServingAsync(string installNamespace, CancellationToken cancellationToken) =>
        TryGetAsync(installNamespace, InstallationNames.ServingCertSecret, cancellationToken);

    /// <summary>
    /// Writes the signer state. Other data keys are kept (e.g. upstream's <c>ca.crt</c>/<c>ca.key</c> when the Secret is
    /// taken over; <c>Opaque</c> matches upstream's type, which is immutable).
    /// </summary>
    /// <param name="existing">The Secret as read, or null to create it.</param>
    /// <param name="state">The new state.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored Secret.</returns>
    /// <exception cref="KubeApiException">409 when it changed since it was read.</exception>
    public Task<Secret> WriteSignerAsync(Secret? existing, SignerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var secret = existing ?? New(managerNamespace, signerSecretName, "Opaque");
        ReplaceData(secret, state.ToSecretData(),
            SecretDataKeys.Certificate, SecretDataKeys.PrivateKey, SecretDataKeys.PreviousCertificate);
        return WriteAsync(secret, existing is null, cancellationToken);
    }

    /// <summary>Writes the serving certificate, owned by <paramref name="configuration"/> (garbage-collected with it).</summary>
    /// <param name="configuration">The active configuration, as read from the server.</param>
    /// <param name="existing">The Secret as read, or null to create it.</param>
    /// <param name="state">The new certificate and key.</param>
    /// <param name="apiServiceOwner">The APIService as second owner (<see cref="ApiServiceManifest.OwnerReference"/>),
    /// or null before it is registered.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored Secret.</returns>
    /// <exception cref="KubeApiException">409 when it changed since it was read.</exception>
    public Task<Secret> WriteServingAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, Secret? existing, ServingCertState state,
        JsonObject? apiServiceOwner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(state);
        var secret = existing
            ?? New(configuration.Spec.InstallNamespace, InstallationNames.ServingCertSecret, "kubernetes.io/tls");
        TakeOwnership(secret, configuration, apiServiceOwner);
        ReplaceData(secret, state.ToSecretData(), SecretDataKeys.Certificate, SecretDataKeys.PrivateKey);
        return WriteAsync(secret, existing is null, cancellationToken);
    }

    /// <summary>Rewrites only the owner references of the serving Secret (<see cref="TakeOwnership"/>); data unchanged.</summary>
    /// <param name="configuration">The active configuration, as read from the server.</param>
    /// <param name="existing">The Secret as read.</param>
    /// <param name="apiServiceOwner">The APIService as second owner, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored Secret.</returns>
    /// <exception cref="KubeApiException">409 when it changed since it was read.</exception>
    public Task<Secret> WriteServingOwnersAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, Secret existing, JsonObject? apiServiceOwner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existing);
        TakeOwnership(existing, configuration, apiServiceOwner);
        return WriteAsync(existing, create: false, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="configuration"/> the controller owner, dropping references to other configurations (the
    /// active one may change; a second controller reference would be rejected by the API server), and makes
    /// <paramref name="apiServiceOwner"/> the only APIService owner (a recreated APIService has a new uid; without one,
    /// any APIService reference is stale).
    /// </summary>
    /// <param name="secret">The Secret to edit.</param>
    /// <param name="configuration">The new owner.</param>
    /// <param name="apiServiceOwner">The APIService reference (<see cref="ApiServiceManifest.OwnerReference"/>), or null.</param>
    public static void TakeOwnership(
        Secret secret, V1Alpha1ClusterGatewayConfiguration configuration, JsonObject? apiServiceOwner = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        secret.Metadata.OwnerReferences?.RemoveAll(r =>
            IsKind(r, V1Alpha1ClusterGatewayConfiguration.KindName) || IsKind(r, ApiServiceKind));
        OwnerReferences.Set(secret, configuration);
        if (apiServiceOwner is not null)
        {
            secret.Metadata.OwnerReferences!.Add(JsonSerializer.SerializeToElement(apiServiceOwner));
        }
    }

    /// <summary>
    /// Whether the Secret's APIService references are exactly <paramref name="apiServiceOwner"/> (by uid); always true
    /// when it is null (a reference to a deleted APIService is dropped by the garbage collector).
    /// </summary>
    /// <param name="secret">The Secret as read.</param>
    /// <param name="apiServiceOwner">The expected reference, or null.</param>
    /// <returns>Whether no owner change is needed for the APIService.</returns>
    public static bool HasApiServiceOwner(Secret secret, JsonObject? apiServiceOwner)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (apiServiceOwner is null)
        {
            return true;
        }

        var uids = (secret.Metadata.OwnerReferences ?? []).Where(r => IsKind(r, ApiServiceKind))
            .Select(r => r.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String ? uid.GetString() : null)
            .ToList();
        return uids.Count == 1 && uids[0] == apiServiceOwner["uid"]!.GetValue<string>();
    }

    private static bool IsKind(JsonElement reference, string kind) =>
        reference.TryGetProperty("kind", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == kind;

    private static Secret New(string @namespace, string name, string type) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace },
        Type = type,
    };

    private static void ReplaceData(Secret secret, Dictionary<string, byte[]> data, params string[] owned)
    {
        var merged = new Dictionary<string, byte[]>(secret.Data ?? [], StringComparer.Ordinal);
        foreach (var key in owned)
        {
            merged.Remove(key);
        }

        foreach (var (key, value) in data)
        {
            merged[key] = value;
        }

        secret.Data = merged;
        secret.StringData = null;

        // The label lets the installation's Secret informer (a label selector) see changes to the Secret.
        (secret.Metadata.Labels ??= [])[InstallationNames.AddonNameLabel] = InstallationNames.Gateway;
    }

    private async Task<Secret> WriteAsync(Secret secret, bool create, CancellationToken cancellationToken) => create
        ? await client.CreateAsync(ResourceKind.Secrets, secret.Metadata.Namespace, secret, cancellationToken).ConfigureAwait(false)
        : await client.ReplaceAsync(ResourceKind.Secrets, secret.Metadata.Namespace, secret.Metadata.Name!, secret, cancellationToken)
            .ConfigureAwait(false);

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
