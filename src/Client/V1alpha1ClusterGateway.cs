using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ClusterGateway.Client;

/// <summary>
/// <c>cluster.core.oam.dev/v1alpha1 ClusterGateway</c> as the gateway serves it: a virtual, cluster-scoped,
/// read-only object describing how the hub reaches one managed cluster. JSON names follow upstream's
/// <c>pkg/apis/cluster/v1alpha1/clustergateway_types.go</c>. The gateway withholds the credential's token and key
/// unless its ExposeClusterCredentials feature gate is on, so this model carries only the credential type.
/// </summary>
public sealed class V1alpha1ClusterGateway : IKubernetesObject<V1ObjectMeta>
{
    /// <summary><c>cluster.core.oam.dev/v1alpha1</c>.</summary>
    public const string KubeApiVersion = "cluster.core.oam.dev/v1alpha1";

    /// <summary><c>ClusterGateway</c>.</summary>
    public const string KubeKind = "ClusterGateway";

    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeApiVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    /// <summary>Standard object metadata; <c>metadata.name</c> is the cluster name used in proxy paths.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>How the hub reaches the cluster.</summary>
    [JsonPropertyName("spec")]
    public V1alpha1ClusterGatewaySpec Spec { get; set; } = new();

    /// <summary>Health as last reported through the <c>health</c> subresource.</summary>
    [JsonPropertyName("status")]
    public V1alpha1ClusterGatewayStatus Status { get; set; } = new();

    /// <summary>Shortcut for <c>spec.access.endpoint.type</c>: <c>Const</c> or <c>ClusterProxy</c>.</summary>
    [JsonIgnore]
    public string? EndpointType => Spec.Access?.Endpoint?.Type;

    /// <summary>Shortcut for <c>status.healthy</c>; <see langword="false"/> also when never reported.</summary>
    [JsonIgnore]
    public bool Healthy => Status.Healthy;
}
