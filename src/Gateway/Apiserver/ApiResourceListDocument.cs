using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.APIResourceList</c> (<c>GET /apis/{group}/{version}</c>, also the aggregator's availability probe):
/// <c>{"kind":"APIResourceList","apiVersion":"v1","groupVersion":...,"resources":[...]}</c>.
/// </summary>
internal sealed class ApiResourceListDocument
{
    [JsonPropertyName("kind")]
    public string Kind { get; } = "APIResourceList";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; } = "v1";

    [JsonPropertyName("groupVersion")]
    public required string GroupVersion { get; init; }

    [JsonPropertyName("resources")]
    public required IReadOnlyList<ApiResourceDocument> Resources { get; init; }
}
