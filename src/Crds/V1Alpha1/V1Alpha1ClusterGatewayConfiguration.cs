using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>
/// <c>proxy.open-cluster-management.io/v1alpha1 ClusterGatewayConfiguration</c> (cluster-scoped, status subresource):
/// how the addon-manager installs the gateway on an OCM hub. JSON names and defaults match upstream
/// <c>pkg/apis/config/v1alpha1/clustergatewayconfiguration_types.go</c>; the CRD in <c>config/crd</c> is generated from
/// this type and its XML docs.
/// </summary>
public sealed class V1Alpha1ClusterGatewayConfiguration : IKubernetesObject
{
    /// <summary>The API group.</summary>
    public const string Group = "proxy.open-cluster-management.io";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>proxy.open-cluster-management.io/v1alpha1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>The kind.</summary>
    public const string KindName = "ClusterGatewayConfiguration";

    /// <summary>Where ClusterGatewayConfigurations live (cluster-scoped).</summary>
    public static readonly ResourceKind ResourceKind = new(Group, Version, "clustergatewayconfigurations", KindName, false);

    /// <summary>APIVersion defines the versioned schema of this representation of an object.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = GroupVersion;

    /// <summary>Kind is a string value representing the REST resource this object represents.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = KindName;

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired installation of the gateway.</summary>
    [JsonPropertyName("spec")]
    public ClusterGatewayConfigurationSpec Spec { get; set; } = new();

    /// <summary>The observed state of the installation.</summary>
    [JsonPropertyName("status")]
    public ClusterGatewayConfigurationStatus? Status { get; set; }

    /// <summary>Any other top-level field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
