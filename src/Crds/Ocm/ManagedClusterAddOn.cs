using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// <c>addon.open-cluster-management.io/v1alpha1 ManagedClusterAddOn</c> (namespaced: the cluster namespace; OCM
/// <c>api/addon/v1alpha1/types_managedclusteraddon.go</c>). Only the fields the addon-manager reads or writes are typed;
/// everything else survives round trips in <see cref="Extra"/>.
/// Shape: <c>{"spec":{"installNamespace":"…","configs":[…]},"status":{"conditions":[…],"healthCheck":{"mode":"Customized"},"registrations":[…]}}</c>.
/// </summary>
public sealed class ManagedClusterAddOn : IKubernetesObject
{
    /// <summary>The API group.</summary>
    public const string Group = "addon.open-cluster-management.io";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>addon.open-cluster-management.io/v1alpha1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>Where ManagedClusterAddOns live (namespaced).</summary>
    public static readonly ResourceKind ResourceKind = new(Group, Version, "managedclusteraddons", "ManagedClusterAddOn", true);

    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = GroupVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ManagedClusterAddOn";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public ManagedClusterAddOnSpec? Spec { get; set; }

    /// <summary>The observed state.</summary>
    [JsonPropertyName("status")]
    public ManagedClusterAddOnStatus? Status { get; set; }

    /// <summary>Any other top-level field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
