using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.GroupVersionForDiscovery</c>: <c>{"groupVersion":"cluster.core.oam.dev/v1alpha1","version":"v1alpha1"}</c>.
/// </summary>
internal sealed record GroupVersionForDiscovery(
    [property: JsonPropertyName("groupVersion")] string GroupVersion,
    [property: JsonPropertyName("version")] string Version);
