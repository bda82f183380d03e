using System.Text.Json;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// Chooses the one ClusterGatewayConfiguration that drives the installation (the APIService, Deployment and Secrets are
/// singletons on a hub, so two configurations must never both act): the one the ClusterManagementAddOn
/// <c>cluster-gateway</c> references (<c>spec.addOnConfiguration.crName</c> as upstream, or a
/// <c>supportedConfigs[].defaultConfig.name</c> of our group/resource) when that exists, else the oldest
/// (creationTimestamp, then name). Configurations being deleted are never chosen.
/// </summary>
internal static class ActiveConfiguration
{
    /// <summary>Selects the active configuration.</summary>
    /// <param name="configurations">All configurations (e.g. from the informer).</param>
    /// <param name="clusterManagementAddOn">The ClusterManagementAddOn <c>cluster-gateway</c>, or null when absent.</param>
    /// <returns>The active configuration, or null when there is none.</returns>
    public static V1Alpha1ClusterGatewayConfiguration? Select(
        IEnumerable<V1Alpha1ClusterGatewayConfiguration> configurations, ClusterManagementAddOn? clusterManagementAddOn)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        var live = configurations.Where(c => c.Metadata.DeletionTimestamp is null).ToList();
        var referenced = ReferencedName(clusterManagementAddOn);
        if (referenced is not null && live.FirstOrDefault(c => c.Metadata.Name == referenced) is { } chosen)
        {
            return chosen;
        }

        return live
            .OrderBy(c => c.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The configuration name a ClusterManagementAddOn references, or null.</summary>
    /// <param name="clusterManagementAddOn">The ClusterManagementAddOn, or null.</param>
    /// <returns>The referenced name, or null.</returns>
    public static string? ReferencedName(ClusterManagementAddOn? clusterManagementAddOn)
    {
        var spec = clusterManagementAddOn?.Spec;
        if (spec is null)
        {
            return null;
        }

        if (spec.Extra is not null && spec.Extra.TryGetValue("addOnConfiguration", out var legacy)
            && legacy.ValueKind == JsonValueKind.Object
            && legacy.TryGetProperty("crdName", out var crd) && crd.ValueKind == JsonValueKind.String
            && crd.GetString() == AddonNames.ConfigurationCrdName
            && legacy.TryGetProperty("crName", out var name) && name.ValueKind == JsonValueKind.String
            && name.GetString() is { Length: > 0 } legacyName)
        {
            return legacyName;
        }

        foreach (var config in spec.SupportedConfigs ?? [])
        {
            if (config.ValueKind == JsonValueKind.Object
                && config.TryGetProperty("group", out var group) && group.GetString() == V1Alpha1ClusterGatewayConfiguration.Group
                && config.TryGetProperty("resource", out var resource) && resource.GetString() == V1Alpha1ClusterGatewayConfiguration.ResourceKind.Plural
                && config.TryGetProperty("defaultConfig", out var defaultConfig) && defaultConfig.ValueKind == JsonValueKind.Object
                && defaultConfig.TryGetProperty("name", out var defaultName) && defaultName.GetString() is { Length: > 0 } n)
            {
                return n;
            }
        }

        return null;
    }
}
