using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// <c>addon.open-cluster-management.io/v1alpha1 ClusterManagementAddOn</c> (cluster-scoped; OCM
/// <c>api/addon/v1alpha1/types_clustermanagementaddon.go</c>). Shape: <c>{"spec":{"addOnMeta":{"displayName":"…",
/// "description":"…"},"supportedConfigs":[{"group":"…","resource":"…","defaultConfig":{"name":"…"}}],
/// "installStrategy":{"type":"Manual"}}}</c>. Unmodelled fields survive in <see cref="Extra"/>.
/// </summary>
public sealed class ClusterManagementAddOn : IKubernetesObject
{
    /// <summary>Where ClusterManagementAddOns live (cluster-scoped).</summary>
    public static readonly ResourceKind ResourceKind =
        new(ManagedClusterAddOn.Group, ManagedClusterAddOn.Version, "clustermanagementaddons", "ClusterManagementAddOn", false);

    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = ManagedClusterAddOn.GroupVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ClusterManagementAddOn";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public ClusterManagementAddOnSpec? Spec { get; set; }

    /// <summary>Any other top-level field (<c>status</c>, …), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
