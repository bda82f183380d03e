using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.APIGroup</c> (<c>GET /apis/{group}</c>, and each item of an APIGroupList):
/// <c>{"kind":"APIGroup","apiVersion":"v1","name":...,"versions":[...],"preferredVersion":{...}}</c>
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#discovery-api).
/// </summary>
internal sealed class ApiGroupDocument
{
    /// <summary>Set for the stand-alone document; null (omitted) inside an APIGroupList, as kube-apiserver does.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("versions")]
    public required IReadOnlyList<GroupVersionForDiscovery> Versions { get; init; }

    [JsonPropertyName("preferredVersion")]
    public required GroupVersionForDiscovery PreferredVersion { get; init; }
}
