using System.Text.Json.Serialization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>metav1.TableRow</c>: <c>{"cells":[...],"object":{...}}</c>; <c>object</c> is omitted for <c>includeObject=None</c>.
/// </summary>
internal sealed record TableRow(
    [property: JsonPropertyName("cells")] IReadOnlyList<object?> Cells,
    [property: JsonPropertyName("object")] object? Object);
