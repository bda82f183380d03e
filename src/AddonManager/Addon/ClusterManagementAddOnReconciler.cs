using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Controllers;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// Keeps the ClusterManagementAddOn <c>cluster-gateway</c> pointing at the active ClusterGatewayConfiguration (key: the
/// addon name). Upstream expected the user to create it (<c>hack/samples/clustermanagementaddon.yaml</c>); we apply it as
/// soon as a configuration exists, so a configuration alone installs the addon. No active configuration: nothing is
/// written (the owner reference removes an applied addon together with its configuration).
/// </summary>
internal sealed partial class ClusterManagementAddOnReconciler : IReconciler<string>
{
    private readonly KubeClient _client;
    private readonly AddonInformers _informers;
    private readonly EventRecorder _events;
    private readonly ILogger<ClusterManagementAddOnReconciler> _logger;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="client">Client (needs apply on clustermanagementaddons, create on events).</param>
    /// <param name="informers">The caches.</param>
    /// <param name="events">Event recorder.</param>
    /// <param name="logger">Logger.</param>
    public ClusterManagementAddOnReconciler(KubeClient client, AddonInformers informers, EventRecorder events,
        ILogger<ClusterManagementAddOnReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _informers = informers;
        _events = events;
        _logger = logger;
    }

    /// <summary>
    /// The controller: configurations and the ClusterManagementAddOn <c>cluster-gateway</c> map to the one key
    /// <see cref="AddonNames.AddonName"/>.
    /// </summary>
    /// <param name="reconciler">The reconciler.</param>
    /// <param name="informers">The caches (the caller runs them).</param>
    /// <param name="logger">Logger of the controller.</param>
    /// <returns>The controller; the caller runs it.</returns>
    public static Controller<string> CreateController(ClusterManagementAddOnReconciler reconciler, AddonInformers informers,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(informers);
        string[] key = [AddonNames.AddonName];
        return new Controller<string>("clustermanagementaddon", reconciler, logger: logger)
            .Watch(informers.Configurations, _ => key)
            .Watch(informers.ClusterManagementAddOns, cma => cma.Metadata.Name == AddonNames.AddonName ? key : []);
    }

    /// <inheritdoc/>
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (key != AddonNames.AddonName)
        {
            return ReconcileResult.Done;
        }

        var current = _informers.ClusterManagementAddOn();
        var active = _informers.SelectActiveConfiguration();
        if (active is null)
        {
            return ReconcileResult.Done;
        }

        // Always apply: the server removes what we applied before and no longer apply; an unchanged object is not
        // written (same resourceVersion, no watch event), so this does not loop.
        var desired = ClusterManagementAddOnManifest.Build(active);
        var applied = await ServerSideApply.ApplyAsync(_client, ClusterManagementAddOn.ResourceKind, desired,
            AddonNames.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (current is not null &&
            applied["metadata"]?["resourceVersion"]?.GetValue<string>() == current.Metadata.ResourceVersion)
        {
            return ReconcileResult.Done;
        }

        var name = active.Metadata.Name ?? "";
        LogApplied(_logger, name);
        if (current is null)
        {
            await _events.NormalAsync(active, AddonEventReasons.ClusterManagementAddOnApplied,
                $"Applied ClusterManagementAddOn {AddonNames.AddonName} for configuration {name}",
                cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied ClusterManagementAddOn cluster-gateway referencing configuration {Configuration}")]
    private static partial void LogApplied(ILogger logger, string configuration);
}
