using System.Text.Json.Nodes;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Controllers;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// The apply configuration of the ClusterManagementAddOn <c>cluster-gateway</c> (OCM
/// <c>addon.open-cluster-management.io/v1alpha1</c>, cluster-scoped), naming the active configuration the way upstream
/// (<c>hack/samples/clustermanagementaddon.yaml</c>) and current OCM both read it:
/// <c>{"metadata":{"name":"cluster-gateway","labels":{managed-by},"ownerReferences":[→ configuration]},
/// "spec":{"addOnMeta":{…},"addOnConfiguration":{"crdName":"clustergatewayconfigurations.proxy.open-cluster-management.io","crName":"&lt;active&gt;"},
/// "supportedConfigs":[{"group":"proxy.open-cluster-management.io","resource":"clustergatewayconfigurations","defaultConfig":{"name":"&lt;active&gt;"}}],
/// "installStrategy":{"type":"Manual"}}}</c>.
/// </summary>
internal static class ClusterManagementAddOnManifest
{
    /// <summary>Builds the apply configuration.</summary>
    /// <param name="active">The active configuration, as read from the server (its uid makes the owner reference).</param>
    /// <returns>A new JSON object.</returns>
    /// <remarks>
    /// <c>addOnConfiguration</c> is deprecated in OCM but still in its schema, and it is what upstream's installer and
    /// agent read; <c>supportedConfigs</c> is what current OCM reads. The owner reference (not a controller reference: a
    /// user may have created the object) lets the garbage collector remove the addon with its configuration.
    /// </remarks>
    public static JsonObject Build(V1Alpha1ClusterGatewayConfiguration active)
    {
        ArgumentNullException.ThrowIfNull(active);
        var name = active.Metadata.Name ?? throw new ArgumentException("The configuration has no name.", nameof(active));
        return new JsonObject
        {
            ["apiVersion"] = ClusterManagementAddOn.ResourceKind.ApiVersion,
            ["kind"] = ClusterManagementAddOn.ResourceKind.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = AddonNames.AddonName,
                ["labels"] = new JsonObject { [AddonNames.ManagedByLabel] = AddonNames.FieldManager },
                ["ownerReferences"] = new JsonArray(OwnerReferences.Create(active, controller: false)),
            },
            ["spec"] = new JsonObject
            {
                ["addOnMeta"] = new JsonObject
                {
                    ["displayName"] = AddonDefaults.DisplayName,
                    ["description"] = AddonDefaults.Description,
                },
                ["addOnConfiguration"] = new JsonObject
                {
                    ["crdName"] = AddonNames.ConfigurationCrdName,
                    ["crName"] = name,
                },
                ["supportedConfigs"] = new JsonArray(new JsonObject
                {
                    ["group"] = V1Alpha1ClusterGatewayConfiguration.Group,
                    ["resource"] = V1Alpha1ClusterGatewayConfiguration.ResourceKind.Plural,
                    ["defaultConfig"] = new JsonObject { ["name"] = name },
                }),
                ["installStrategy"] = new JsonObject { ["type"] = AddonDefaults.ManualInstallStrategy },
            },
        };
    }
}
