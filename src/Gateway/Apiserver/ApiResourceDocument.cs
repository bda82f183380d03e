using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.APIResource</c>: one resource or subresource of an APIResourceList
/// (<c>{"name":"clustergateways","singularName":"clustergateway","namespaced":false,"kind":"ClusterGateway","verbs":["get","list","watch"]}</c>).
/// </summary>
internal sealed class ApiResourceDocument
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("singularName")]
    public required string SingularName { get; init; }

    [JsonPropertyName("namespaced")]
    public bool Namespaced { get; init; }

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>Discovery verbs, sorted; a connect subresource lists the verbs of its HTTP methods (<see cref="ServedResources"/>).</summary>
    [JsonPropertyName("verbs")]
    public required IReadOnlyList<string> Verbs { get; init; }
}
