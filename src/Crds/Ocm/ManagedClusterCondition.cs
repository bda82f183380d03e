using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// One <c>metav1.Condition</c> of <c>status.conditions</c>:
/// <c>{"type":"ManagedClusterConditionAvailable","status":"True|False|Unknown","reason":"…","message":"…"}</c>.
/// </summary>
public sealed class ManagedClusterCondition
{
    /// <summary><c>type</c>, e.g. <see cref="ManagedClusterStatus.AvailableCondition"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary><c>status</c>: <c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary><c>reason</c>: a CamelCase reason.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary><c>message</c>: a human readable message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Any other field (<c>lastTransitionTime</c>, <c>observedGeneration</c>), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
