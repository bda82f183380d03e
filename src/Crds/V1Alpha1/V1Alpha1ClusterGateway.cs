using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>
/// <c>cluster.core.oam.dev/v1alpha1 ClusterGateway</c>: a virtual, read-only, cluster-scoped object that describes how
/// to reach one managed cluster. It is built from a Secret (and optionally an OCM ManagedCluster), never stored.
/// JSON names match upstream <c>pkg/apis/cluster/v1alpha1/clustergateway_types.go</c> exactly.
/// The credential is part of the object in memory; the gateway withholds its token and private key from every response
/// unless the ExposeClusterCredentials feature gate is on.
/// </summary>
public sealed class V1Alpha1ClusterGateway : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = ApiGroups.ClusterApiVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = ApiGroups.ClusterGatewayKind;

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>How to reach the cluster.</summary>
    [JsonPropertyName("spec")]
    public ClusterGatewaySpec Spec { get; set; } = new();

    /// <summary>Health as last reported through the <c>health</c> subresource.</summary>
    [JsonPropertyName("status")]
    public ClusterGatewayStatus Status { get; set; } = new();
}
