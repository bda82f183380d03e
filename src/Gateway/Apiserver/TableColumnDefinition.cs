using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.TableColumnDefinition</c>: every field is always written (Go has no omitempty here)
/// (apimachinery <c>pkg/apis/meta/v1/types.go</c>).
/// </summary>
internal sealed record TableColumnDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("priority")] int Priority);
