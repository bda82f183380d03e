using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Json;

/// <summary>
/// The JSON wire format of the Kubernetes API: property names as declared by <c>[JsonPropertyName]</c> (camelCase for
/// anything undeclared), nulls omitted, <c>byte[]</c> as base64, timestamps as RFC 3339 UTC (<c>2024-01-02T03:04:05Z</c>).
/// </summary>
public static class KubeJson
{
    /// <summary>Shared serializer options; immutable once first used.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
        };
        options.Converters.Add(new Rfc3339DateTimeOffsetConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
