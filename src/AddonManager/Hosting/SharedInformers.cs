using ClusterGateway.AddonManager.Addon;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Hosting;

/// <summary>
/// One informer per watched kind, shared by every controller (controller-runtime's shared cache): they run on every
/// replica, so a newly elected leader starts from warm caches. Secrets are watched only by label (MSA token Secrets and
/// the Secrets the manager wrote), never hub-wide. The installation controller adds informers on the objects it installs
/// (see <see cref="Installation.InstallationController"/>).
/// </summary>
internal sealed class SharedInformers
{
    /// <summary>Creates the informers; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="client">The hub client.</param>
    /// <param name="loggerFactory">Loggers for the informers.</param>
    public SharedInformers(KubeClient client, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("ClusterGateway.AddonManager.Informers");
        Configurations = new(client, V1Alpha1ClusterGatewayConfiguration.ResourceKind, logger: logger);
        ClusterManagementAddOns = new(client, ClusterManagementAddOn.ResourceKind, logger: logger);
        ManagedClusters = new(client, ManagedCluster.ResourceKind, logger: logger);
        ManagedClusterAddOns = new(client, ManagedClusterAddOn.ResourceKind, logger: logger);
        ManagedServiceAccounts = new(client, ManagedServiceAccount.ResourceKind, logger: logger);
        TokenSecrets = new(client, ResourceKind.Secrets, labelSelector: AddonNames.ManagedServiceAccountSecretLabel + "=true", logger: logger);
        GatewaySecrets = new(client, ResourceKind.Secrets, labelSelector: AddonNames.ManagedByLabel + "=" + AddonNames.FieldManager, logger: logger);
    }

    /// <summary>ClusterGatewayConfigurations.</summary>
    public Informer<V1Alpha1ClusterGatewayConfiguration> Configurations { get; }

    /// <summary>ClusterManagementAddOns.</summary>
    public Informer<ClusterManagementAddOn> ClusterManagementAddOns { get; }

    /// <summary>ManagedClusters.</summary>
    public Informer<ManagedCluster> ManagedClusters { get; }

    /// <summary>ManagedClusterAddOns in every namespace.</summary>
    public Informer<ManagedClusterAddOn> ManagedClusterAddOns { get; }

    /// <summary>ManagedServiceAccounts in every namespace.</summary>
    public Informer<ManagedServiceAccount> ManagedServiceAccounts { get; }

    /// <summary>ManagedServiceAccount token Secrets (label <c>is-managed-serviceaccount=true</c>).</summary>
    public Informer<Secret> TokenSecrets { get; }

    /// <summary>The gateway Secrets this manager wrote (label <c>app.kubernetes.io/managed-by</c>).</summary>
    public Informer<Secret> GatewaySecrets { get; }

    /// <summary>Whether every informer has listed once.</summary>
    public bool HasSynced => All().All(i => i);

    /// <summary>Completes once every informer has listed once.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Configurations.WaitForSyncAsync(cancellationToken), ClusterManagementAddOns.WaitForSyncAsync(cancellationToken),
        ManagedClusters.WaitForSyncAsync(cancellationToken), ManagedClusterAddOns.WaitForSyncAsync(cancellationToken),
        ManagedServiceAccounts.WaitForSyncAsync(cancellationToken), TokenSecrets.WaitForSyncAsync(cancellationToken),
        GatewaySecrets.WaitForSyncAsync(cancellationToken));

    /// <summary>Runs every informer until cancelled.</summary>
    /// <param name="cancellationToken">Stops them.</param>
    /// <returns>Completes when all stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Configurations.RunAsync(cancellationToken), ClusterManagementAddOns.RunAsync(cancellationToken),
        ManagedClusters.RunAsync(cancellationToken), ManagedClusterAddOns.RunAsync(cancellationToken),
        ManagedServiceAccounts.RunAsync(cancellationToken), TokenSecrets.RunAsync(cancellationToken),
        GatewaySecrets.RunAsync(cancellationToken));

    private IEnumerable<bool> All() =>
    [
        Configurations.HasSynced, ClusterManagementAddOns.HasSynced, ManagedClusters.HasSynced,
        ManagedClusterAddOns.HasSynced, ManagedServiceAccounts.HasSynced, TokenSecrets.HasSynced,
        GatewaySecrets.HasSynced,
    ];
}
