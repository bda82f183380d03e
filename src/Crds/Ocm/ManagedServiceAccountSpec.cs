using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>spec</c> of a ManagedServiceAccount: <c>{"rotation":{"enabled":true,"validity":"8640h0m0s"}}</c>.</summary>
public sealed class ManagedServiceAccountSpec
{
    /// <summary>The token rotation policy.</summary>
    [JsonPropertyName("rotation")]
    public ManagedServiceAccountRotation? Rotation { get; set; }

    /// <summary>Any other field (<c>ttlSecondsAfterCreation</c>, …), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
