using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Installs the gateway for the active ClusterGatewayConfiguration (<see cref="ActiveConfiguration"/>) and keeps its
/// serving TLS current: the port of upstream's installer (<c>pkg/addon/controllers/installer.go</c>) as a straight list
/// of server-side applies, which also repairs drift (upstream creates most objects once and never updates them).
/// There is one installation per hub, so there is one key, <see cref="Key"/>: every change maps to it.
/// </summary>
/// <remarks>
/// 1. Pick the active configuration; mark every other one <c>NotActive</c>. Reject an invalid spec in status (no retry).
/// 2. Apply the namespaces (never owned, so never garbage-collected). Read the APIService: once it exists, every
///    serving-path object of steps 3, 6 and 7 carries it as a second, non-controller owner (its uid; see deletion below).
/// 3. ClusterProxy egress: copy the cluster-proxy credential Secrets into the install namespace.
/// 4. Plan the serving TLS; persist the signer CA when created or rotated.
/// 5. If the APIService exists, apply it with the new <c>caBundle</c> before the serving certificate changes, so the
///    aggregator trusts a new certificate before the gateway serves it.
/// 6. Write the serving certificate Secret when reissued.
/// 7. Apply the ServiceAccount, RBAC, Service and Deployment.
/// 8. Register the APIService only once a replica is ready: an unavailable APIService breaks discovery for the whole
///    hub (it fails every discovery call of kubectl and controllers). Having registered it, run steps 2 to 7 once more
///    at once, so that the serving path gets the new APIService as its second owner before anything else can happen.
/// 9. Write the status; requeue at the next certificate renewal point, or sooner while not ready.
/// Errors are recorded in status (<c>ApplyFailed</c>) and rethrown for a retry with backoff.
/// <para>
/// Deletion needs no finalizer (so a <c>helm uninstall</c> that removes the manager at the same time can never leave the
/// configuration stuck terminating): the garbage collector deletes a dependent only once all its owners are gone
/// (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/). The APIService's only owner is
/// the configuration, so deleting the configuration deletes the APIService at once; the ServiceAccount, RBAC, Service,
/// Deployment, serving-certificate Secret and proxy-credential copies lose their reference to the configuration but
/// keep the one to the APIService, and are collected only after the APIService is gone. The aggregator therefore never
/// points at a gateway that stopped serving, which would make the group unavailable and break hub discovery. The
/// namespaces and the signer Secret are never owned and stay. A recreated APIService (new uid) replaces the stale
/// reference at the next reconcile (server-side apply owns <c>ownerReferences</c> entries by uid).
/// </para>
/// </remarks>
internal sealed class InstallationReconciler : IReconciler<string>
{
    /// <summary>The only key (the addon name).</summary>
    public const string Key = AddonNames.AddonName;

    /// <summary>Re-check interval while no replica is ready or credentials are missing.</summary>
    public static readonly TimeSpan NotReadyRecheck = TimeSpan.FromSeconds(30);

    /// <summary>Re-copy interval of the cluster-proxy credentials (their sources are not watched).</summary>
    public static readonly TimeSpan ProxyCredentialsResync = TimeSpan.FromMinutes(5);

    private readonly KubeClient _client;
    private readonly Informer<V1Alpha1ClusterGatewayConfiguration> _configurations;
    private readonly ServingTls _tls;
    private readonly ProxyCredentialsCopier _proxyCredentials;
    private readonly InstallationStatusWriter _status;
    private readonly ServingTlsSecrets _secrets;
    private readonly EventRecorder? _events;
    private readonly ILogger _logger;
    private readonly TimeSpan? _healthProbeFreshness;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="client">The hub client.</param>
    /// <param name="configurations">The synced informer of ClusterGatewayConfigurations.</param>
    /// <param name="settings">Signer Secret location and TLS policy.</param>
    /// <param name="timeProvider">The clock (certificates, transition times).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="events">Records core/v1 Events on the configuration for notable actions (CA created or rotated,
    /// serving certificate issued, APIService registered, failures); none when null.</param>
    public InstallationReconciler(
        KubeClient client, Informer<V1Alpha1ClusterGatewayConfiguration> configurations, InstallationSettings settings,
        TimeProvider timeProvider, ILogger logger, EventRecorder? events = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _client = client;
        _configurations = configurations;
        _secrets = new ServingTlsSecrets(client, settings.ManagerNamespace, settings.SignerSecretName);
        _tls = new ServingTls(_secrets, timeProvider, settings.TlsPolicy);
        _proxyCredentials = new ProxyCredentialsCopier(client);
        _status = new InstallationStatusWriter(client, timeProvider);
        _events = events;
        _logger = logger;
        _healthProbeFreshness = settings.HealthProbeFreshness;
    }

    /// <inheritdoc/>
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        // :: Step 1
        var configurations = _configurations.List();
        var addOn = await ReadClusterManagementAddOnAsync(cancellationToken).ConfigureAwait(false);
        var active = ActiveConfiguration.Select(configurations, addOn);
        foreach (var other in configurations.Where(c => c != active && c.Metadata.DeletionTimestamp is null))
        {
            await _status.WriteAsync(other, InstallationStatus.NotActive(other, active), observed: false, cancellationToken)
                .ConfigureAwait(false);
        }

        if (active is null)
        {
            InstallationLog.NoConfiguration(_logger);
            return ReconcileResult.Done;
        }

        if (SpecCheck.FindProblem(active.Spec) is { } problem)
        {
            InstallationLog.InvalidSpec(_logger, active.Metadata.Name!, problem);
            await _status.WriteAsync(active, [
                InstallationStatus.Condition(active, InstallationConditions.Deployed, false, InstallationConditions.InvalidSpec, problem),
            ], observed: true, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        try
        {
            return await InstallAsync(active, afterRegistration: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordFailureAsync(active, e, cancellationToken).ConfigureAwait(false);
            await EventAsync(active, warning: true, InstallationConditions.ApplyFailed, InstallationStatus.Truncate(e.Message),
                cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ReconcileResult> InstallAsync(
        V1Alpha1ClusterGatewayConfiguration active, bool afterRegistration, CancellationToken cancellationToken)
    {
        var name = active.Metadata.Name!;
        var installNamespace = active.Spec.InstallNamespace;

        // :: Step 2
        foreach (var ns in NamespaceManifests.Build(active))
        {
            await ApplyAsync(ns, cancellationToken).ConfigureAwait(false);
        }

        var registeredApiService = await TryGetAsync(InstallationResources.ApiServices, InstallationNames.ApiService,
            cancellationToken).ConfigureAwait(false);
        var registered = registeredApiService is not null;
        var apiServiceOwner = OwnerReferenceTo(registeredApiService);

        // :: Step 3
        var missing = await _proxyCredentials.CopyAsync(active, apiServiceOwner, cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            InstallationLog.ProxyCredentialsMissing(_logger, name, string.Join(", ", missing));
        }

        // :: Step 4
        var tls = await _tls.PrepareAsync(active, cancellationToken).ConfigureAwait(false);
        if (tls.Plan.SignerChanged)
        {
            var rotated = tls.Plan.Signer.PreviousCertificatePem is not null;
            InstallationLog.SignerWritten(_logger, name, _secrets.ManagerNamespace, _secrets.SignerSecretName, rotated);
            await EventAsync(active, warning: false, rotated ? "SignerRotated" : "SignerCreated",
                $"signer CA written to Secret {_secrets.ManagerNamespace}/{_secrets.SignerSecretName}" +
                (rotated ? "; the APIService caBundle holds the old and the new CA during the overlap" : ""),
                cancellationToken).ConfigureAwait(false);
        }

        // :: Step 5
        var apiService = ApiServiceManifest.Build(active, Encoding.UTF8.GetBytes(tls.Plan.CaBundlePem));
        if (registered)
        {
            // The uid as stored: had it been deleted since the read, the apply created a new one.
            apiServiceOwner = OwnerReferenceTo(await ApplyAsync(apiService, cancellationToken).ConfigureAwait(false));
        }

        // :: Step 6
        if (await _tls.CompleteAsync(active, tls, apiServiceOwner, cancellationToken).ConfigureAwait(false))
        {
            InstallationLog.ServingWritten(_logger, name, installNamespace, InstallationNames.ServingCertSecret);
            await EventAsync(active, warning: false, "ServingCertificateIssued",
                $"serving certificate written to Secret {installNamespace}/{InstallationNames.ServingCertSecret}",
                cancellationToken).ConfigureAwait(false);
        }

        // :: Step 7
        JsonObject? deployment = null;
        foreach (var manifest in InstallationManifests.Build(active, _healthProbeFreshness))
        {
            var kind = InstallationResources.For(manifest);
            if (kind != ResourceKind.Namespaces)
            {
                var stored = await ApplyAsync(ManifestMetadata.AddOwner(manifest, apiServiceOwner), cancellationToken)
                    .ConfigureAwait(false);
                deployment = kind == InstallationResources.Deployments ? stored : deployment;
            }
        }

        // :: Step 8
        var ready = InstallationStatus.ReadyReplicas(deployment);
        if (!registered && ready > 0)
        {
            await ApplyAsync(apiService, cancellationToken).ConfigureAwait(false);
            registered = true;
            InstallationLog.ApiServiceRegistered(_logger, name, InstallationNames.ApiService, ready);
            await EventAsync(active, warning: false, "APIServiceRegistered",
                $"APIService {InstallationNames.ApiService} registered: {ready} gateway replica(s) ready", cancellationToken)
                .ConfigureAwait(false);
            if (!afterRegistration)
            {
                // Until the serving path names the APIService as an owner, deleting the configuration could collect
                // the gateway before the APIService: give it the second owner now, not at the next resync.
                return await InstallAsync(active, afterRegistration: true, cancellationToken).ConfigureAwait(false);
            }
        }

        // :: Step 9
        await _status.WriteAsync(active, InstallationStatus.Installed(active, missing, ready, registered), observed: true,
            cancellationToken).ConfigureAwait(false);
        var delay = _tls.NextCheck(tls.Plan);
        if (ready == 0 || !registered || missing.Count > 0)
        {
            delay = delay < NotReadyRecheck ? delay : NotReadyRecheck;
        }

        if (GatewayArguments.IsClusterProxy(active.Spec))
        {
            delay = delay < ProxyCredentialsResync ? delay : ProxyCredentialsResync;
        }

        InstallationLog.Reconciled(_logger, name, installNamespace, ready, delay);
        return ReconcileResult.RequeueAfter(delay);
    }

    private async Task RecordFailureAsync(V1Alpha1ClusterGatewayConfiguration active, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            await _status.WriteAsync(active, [
                InstallationStatus.Condition(active, InstallationConditions.Deployed, false, InstallationConditions.ApplyFailed,
                    InstallationStatus.Truncate(error.Message)),
            ], observed: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException)
        {
            InstallationLog.StatusWriteFailed(_logger, active.Metadata.Name!, e);
        }
    }

    private Task EventAsync(
        V1Alpha1ClusterGatewayConfiguration configuration, bool warning, string reason, string message, CancellationToken cancellationToken) =>
        _events is null
            ? Task.CompletedTask
            : warning
                ? _events.WarningAsync(configuration, reason, message, cancellationToken)
                : _events.NormalAsync(configuration, reason, message, cancellationToken);

    private Task<JsonObject> ApplyAsync(JsonObject manifest, CancellationToken cancellationToken) =>
        ServerSideApply.ApplyAsync(_client, InstallationResources.For(manifest), manifest, AddonNames.FieldManager,
            cancellationToken: cancellationToken);

    private async Task<JsonObject?> TryGetAsync(ResourceKind kind, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetAsync<JsonObject>(kind, null, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static JsonObject? OwnerReferenceTo(JsonObject? apiService) =>
        apiService?["metadata"]?["uid"] is JsonValue uid && uid.TryGetValue<string>(out var value) && value.Length > 0
            ? ApiServiceManifest.OwnerReference(value)
            : null;

    // Read from the server, not a cache: OCM may not be installed (404 for the resource too), and the answer decides
    // which configuration acts, so it must not be a stale one.
    private async Task<ClusterManagementAddOn?> ReadClusterManagementAddOnAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetAsync<ClusterManagementAddOn>(ClusterManagementAddOn.ResourceKind, null, AddonNames.AddonName,
                cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
