using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models;

/// <summary>
/// <c>metav1.Condition</c> (k8s.io/apimachinery <c>pkg/apis/meta/v1/types.go</c>): one entry of <c>status.conditions</c>.
/// Shape: <c>{"type":"Available","status":"True","observedGeneration":3,</c>
/// <c>"lastTransitionTime":"2024-01-01T00:00:00Z","reason":"Deployed","message":"…"}</c>.
/// </summary>
public sealed class Condition
{
    /// <summary>Type of condition in CamelCase or in foo.example.com/CamelCase, e.g. <c>Available</c>.</summary>
    [JsonPropertyName("type")]
    [Required]
    [MaxLength(316)]
    [RegularExpression(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")]
    public string Type { get; set; } = "";

    /// <summary>Status of the condition, one of True, False, Unknown.</summary>
    [JsonPropertyName("status")]
    [Required]
    [AllowedValues("True", "False", "Unknown")]
    public string Status { get; set; } = "Unknown";

    /// <summary>The metadata.generation that the condition was set based upon.</summary>
    [JsonPropertyName("observedGeneration")]
    [Range(0, long.MaxValue)]
    public long? ObservedGeneration { get; set; }

    /// <summary>The last time the condition transitioned from one status to another.</summary>
    [JsonPropertyName("lastTransitionTime")]
    [Required]
    public DateTimeOffset LastTransitionTime { get; set; }

    /// <summary>A programmatic CamelCase identifier indicating the reason for the condition's last transition.</summary>
    [JsonPropertyName("reason")]
    [Required]
    [MinLength(1)]
    [MaxLength(1024)]
    [RegularExpression("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    public string Reason { get; set; } = "";

    /// <summary>A human readable message indicating details about the transition. This may be an empty string.</summary>
    [JsonPropertyName("message")]
    [Required]
    [MaxLength(32768)]
    public string Message { get; set; } = "";
}
