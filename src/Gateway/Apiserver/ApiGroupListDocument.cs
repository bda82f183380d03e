using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary><c>metav1.APIGroupList</c> (<c>GET /apis</c>): <c>{"kind":"APIGroupList","apiVersion":"v1","groups":[...]}</c>.</summary>
internal sealed class ApiGroupListDocument
{
    [JsonPropertyName("kind")]
    public string Kind { get; } = "APIGroupList";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; } = "v1";

    [JsonPropertyName("groups")]
    public required IReadOnlyList<ApiGroupDocument> Groups { get; init; }
}
