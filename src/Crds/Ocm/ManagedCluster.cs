using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// <c>cluster.open-cluster-management.io/v1 ManagedCluster</c> (cluster-scoped; OCM <c>api/cluster/v1/types.go</c>):
/// only the fields the gateway reads are typed, everything else is kept in <see cref="Extra"/>.
/// Shape: <c>{"spec":{"hubAcceptsClient":true,"managedClusterClientConfigs":[{"url":"https://…","caBundle":"base64"}]},
/// "status":{"conditions":[{"type":"ManagedClusterConditionAvailable","status":"True","reason":"…","message":"…"}]}}</c>.
/// </summary>
public sealed class ManagedCluster : IKubernetesObject
{
    /// <summary>The served API version, <c>cluster.open-cluster-management.io/v1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>The API group.</summary>
    public const string Group = "cluster.open-cluster-management.io";

    /// <summary>The version the gateway reads.</summary>
    public const string Version = "v1";

    /// <summary>Where ManagedClusters live (cluster-scoped).</summary>
    public static readonly ResourceKind ResourceKind = new(Group, Version, "managedclusters", "ManagedCluster", false);

    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = GroupVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ManagedCluster";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state: how the hub reaches the cluster.</summary>
    [JsonPropertyName("spec")]
    public ManagedClusterSpec? Spec { get; set; }

    /// <summary>The observed state: conditions.</summary>
    [JsonPropertyName("status")]
    public ManagedClusterStatus? Status { get; set; }

    /// <summary>Any other top-level field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
