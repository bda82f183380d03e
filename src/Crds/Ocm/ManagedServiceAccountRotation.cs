using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>spec.rotation</c> of a ManagedServiceAccount: <c>{"enabled":true,"validity":"8640h0m0s"}</c>.</summary>
public sealed class ManagedServiceAccountRotation
{
    /// <summary>Whether the token is rotated (OCM default <see langword="true"/>).</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>The token validity as a Go duration, e.g. <c>8640h0m0s</c> (OCM default).</summary>
    [JsonPropertyName("validity")]
    public string? Validity { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
