using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// <c>authentication.open-cluster-management.io/v1beta1 ManagedServiceAccount</c> (namespaced: the cluster namespace;
/// the storage version of the managed-serviceaccount addon, v1alpha1 is also served). Shape:
/// <c>{"spec":{"rotation":{"enabled":true,"validity":"8640h0m0s"}},"status":{"conditions":[…],
/// "tokenSecretRef":{"name":"…","lastRefreshTimestamp":"…"},"expirationTimestamp":"…"}}</c>.
/// </summary>
public sealed class ManagedServiceAccount : IKubernetesObject
{
    /// <summary>The API group.</summary>
    public const string Group = "authentication.open-cluster-management.io";

    /// <summary>The version used (storage version).</summary>
    public const string Version = "v1beta1";

    /// <summary><c>authentication.open-cluster-management.io/v1beta1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>Where ManagedServiceAccounts live (namespaced).</summary>
    public static readonly ResourceKind ResourceKind = new(Group, Version, "managedserviceaccounts", "ManagedServiceAccount", true);

    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = GroupVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ManagedServiceAccount";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public ManagedServiceAccountSpec? Spec { get; set; }

    /// <summary>The observed state.</summary>
    [JsonPropertyName("status")]
    public ManagedServiceAccountStatus? Status { get; set; }

    /// <summary>Any other top-level field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
