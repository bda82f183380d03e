using ClusterGateway.Crds;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// Per managed cluster (key: the cluster name, which is also the namespace of its ManagedClusterAddOn): enables the addon
/// (<c>--install-all</c>), keeps a ManagedServiceAccount asking for a token, and copies the token into the gateway Secret
/// the gateway reads — upstream <c>installer.go</c> step 5 with its gaps closed (configured ManagedServiceAccount name,
/// rotated tokens and labels reconciled, user Secrets never overwritten, cleanup when the addon is disabled). Level-based
/// and reading only the informer caches; no finalizers (leftovers found at any later reconcile, e.g. at start-up, are
/// removed too).
/// </summary>
internal sealed partial class ManagedClusterAddOnReconciler : IReconciler<string>
{
    /// <summary>Retry delay while the secret namespace, which the installation creates, does not exist yet.</summary>
    private static readonly TimeSpan SecretNamespaceRetry = TimeSpan.FromSeconds(1);

    private readonly KubeClient _client;
    private readonly AddonInformers _informers;
    private readonly AddonOptions _options;
    private readonly EventRecorder _events;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ManagedClusterAddOnReconciler> _logger;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="client">
    /// Client: create/get on managedclusteraddons, apply/delete on managedserviceaccounts, create/get/update/delete on
    /// secrets in the secret namespace, create on events.
    /// </param>
    /// <param name="informers">The caches.</param>
    /// <param name="options">Options (<c>--install-all</c>).</param>
    /// <param name="events">Event recorder.</param>
    /// <param name="timeProvider">Clock (reserved for time-based decisions; none yet).</param>
    /// <param name="logger">Logger.</param>
    public ManagedClusterAddOnReconciler(KubeClient client, AddonInformers informers, AddonOptions options,
        EventRecorder events, TimeProvider timeProvider, ILogger<ManagedClusterAddOnReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _informers = informers;
        _options = options;
        _events = events;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// An API error other than a conflict (e.g. a 403 because the manager's RBAC lacks a permission) is recorded as a
    /// Warning Event <see cref="AddonEventReasons.ReconcileFailed"/> on the ManagedClusterAddOn (else the ManagedCluster,
    /// else the ClusterManagementAddOn) and rethrown for a retry with backoff.
    /// </remarks>
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            return await ReconcileClusterAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (!e.IsConflict)
        {
            IKubernetesObject? about = _informers.ManagedClusterAddOns.TryGet(key, AddonNames.AddonName, out var addon) ? addon
                : _informers.ManagedClusters.TryGet(null, key, out var cluster) ? cluster
                : _informers.ClusterManagementAddOn();
            if (about is not null)
            {
                await _events.WarningAsync(about, AddonEventReasons.ReconcileFailed, $"Cluster {key}: {e.Message}", cancellationToken)
                    .ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task<ReconcileResult> ReconcileClusterAsync(string key, CancellationToken cancellationToken)
    {
        var cluster = key;
        var cma = _informers.ClusterManagementAddOn();
        var configuration = ActiveConfiguration.Select(_informers.Configurations.List(), cma);
        if (configuration is null)
        {
            return ReconcileResult.Done;
        }

        var managedCluster = _informers.ManagedClusters.TryGet(null, cluster, out var mc) ? mc : null;
        var addon = _informers.ManagedClusterAddOns.TryGet(cluster, AddonNames.AddonName, out var a) ? a : null;
        if (addon is null && _options.InstallAll && managedCluster is { Metadata.DeletionTimestamp: null })
        {
            addon = await CreateAddonAsync(cluster, cancellationToken).ConfigureAwait(false);
        }

        if (addon is null || addon.Metadata.DeletionTimestamp is not null)
        {
            // The addon is disabled on this cluster: take back what we created for it.
            IKubernetesObject? about = addon ?? (IKubernetesObject?)managedCluster ?? cma;
            await RemoveOursAsync(cluster, about, keepSecret: null, keepServiceAccount: null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var management = configuration.Spec.SecretManagement?.EffectiveType ?? SecretManagementTypes.ManagedServiceAccount;
        if (management == SecretManagementTypes.Manual)
        {
            // The user provides the Secrets; we neither write nor delete any.
            LogManual(_logger, cluster);
            return ReconcileResult.Done;
        }

        var msaName = configuration.Spec.SecretManagement?.ManagedServiceAccount?.Name is { Length: > 0 } n
            ? n : AddonDefaults.ManagedServiceAccountName;
        var secretNamespace = configuration.Spec.SecretNamespace;
        await RemoveOursAsync(cluster, addon, (secretNamespace, cluster), msaName, cancellationToken).ConfigureAwait(false);
        var msa = await EnsureServiceAccountAsync(cluster, msaName, addon, cancellationToken).ConfigureAwait(false);

        var tokenName = msa.Status?.TokenSecretRef?.Name is { Length: > 0 } t ? t : msaName;
        if (!_informers.TokenSecrets.TryGet(cluster, tokenName, out var token) ||
            token.Data?.ContainsKey(SecretKeys.Token) != true)
        {
            // The managed-serviceaccount agent has not reported a token yet; its Secret's arrival re-queues us.
            LogWaitingForToken(_logger, cluster, tokenName);
            return ReconcileResult.Done;
        }

        if (cma is null)
        {
            // The gateway Secret is owned by the ClusterManagementAddOn; its creation re-queues every cluster.
            LogWaitingForClusterManagementAddOn(_logger, cluster);
            return ReconcileResult.Done;
        }

        var desired = GatewaySecretManifest.Build(cluster, configuration, token, managedCluster, cma);
        return await WriteGatewaySecretAsync(addon, desired, cancellationToken).ConfigureAwait(false)
            ? ReconcileResult.Done
            : ReconcileResult.RequeueAfter(SecretNamespaceRetry);
    }

    private async Task<ManagedClusterAddOn> CreateAddonAsync(string cluster, CancellationToken cancellationToken)
    {
        var addon = new ManagedClusterAddOn
        {
            Metadata = new ObjectMeta
            {
                Name = AddonNames.AddonName,
                Namespace = cluster,
                Labels = new(StringComparer.Ordinal) { [AddonNames.ManagedByLabel] = AddonNames.FieldManager },
            },
            Spec = new ManagedClusterAddOnSpec { InstallNamespace = AddonDefaults.AgentInstallNamespace },
        };
        try
        {
            var created = await _client.CreateAsync(ManagedClusterAddOn.ResourceKind, cluster, addon, cancellationToken)
                .ConfigureAwait(false);
            LogAddonCreated(_logger, cluster);
            await _events.NormalAsync(created, AddonEventReasons.ManagedClusterAddOnCreated,
                $"Enabled the {AddonNames.AddonName} addon on cluster {cluster} (--install-all)", cancellationToken).ConfigureAwait(false);
            return created;
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            // Someone enabled it since our cache was filled.
            return await _client.GetAsync<ManagedClusterAddOn>(ManagedClusterAddOn.ResourceKind, cluster, AddonNames.AddonName,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ManagedServiceAccount> EnsureServiceAccountAsync(string cluster, string name, ManagedClusterAddOn addon,
        CancellationToken cancellationToken)
    {
        var cached = _informers.ManagedServiceAccounts.TryGet(cluster, name, out var m) ? m : null;
        if (cached is not null && cached.Metadata.Labels?.GetValueOrDefault(AddonNames.ManagedByLabel) != AddonNames.FieldManager)
        {
            // Someone else's ManagedServiceAccount of that name: use its token, never change or delete it.
            LogForeignServiceAccount(_logger, cluster, name);
            return cached;
        }

        // Always apply: the server removes what we applied before and no longer apply; an unchanged object is not
        // written (same resourceVersion, no watch event), so this does not loop.
        var desired = ManagedServiceAccountManifest.Build(cluster, name, addon);
        var applied = await ServerSideApply.ApplyAsync(_client, ManagedServiceAccount.ResourceKind, desired,
            AddonNames.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (cached is not null && applied.Metadata.ResourceVersion == cached.Metadata.ResourceVersion)
        {
            return applied;
        }

        LogServiceAccountApplied(_logger, cluster, name);
        if (cached is null)
        {
            await _events.NormalAsync(addon, AddonEventReasons.ManagedServiceAccountCreated,
                $"Created ManagedServiceAccount {cluster}/{name} (token rotated, validity {AddonDefaults.TokenValidity})",
                cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: created ManagedClusterAddOn cluster-gateway (--install-all)")]
    private static partial void LogAddonCreated(ILogger logger, string cluster);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: applied ManagedServiceAccount {Name}")]
    private static partial void LogServiceAccountApplied(ILogger logger, string cluster, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: ManagedServiceAccount {Name} is not ours (no managed-by label); using its token as is")]
    private static partial void LogForeignServiceAccount(ILogger logger, string cluster, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cluster {Cluster}: secret management is Manual; the user provides the Secrets")]
    private static partial void LogManual(ILogger logger, string cluster);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cluster {Cluster}: waiting for the token Secret {Name}")]
    private static partial void LogWaitingForToken(ILogger logger, string cluster, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cluster {Cluster}: waiting for the ClusterManagementAddOn cluster-gateway (owner of the gateway Secret)")]
    private static partial void LogWaitingForClusterManagementAddOn(ILogger logger, string cluster);
}
