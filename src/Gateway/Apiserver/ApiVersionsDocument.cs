using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.APIVersions</c> (<c>GET /api</c>, the legacy core group): the gateway serves no core group, so
/// <c>{"kind":"APIVersions","versions":[],"serverAddressByClientCIDRs":[]}</c>. client-go discovery skips an empty
/// version list (it would equally tolerate a 404; checked with kubectl 1.32 <c>get</c> and <c>api-resources</c>).
/// </summary>
internal sealed class ApiVersionsDocument
{
    [JsonPropertyName("kind")]
    public string Kind { get; } = "APIVersions";

    [JsonPropertyName("versions")]
    public IReadOnlyList<string> Versions { get; } = [];

    [JsonPropertyName("serverAddressByClientCIDRs")]
    public IReadOnlyList<object> ServerAddressByClientCidrs { get; } = [];
}
