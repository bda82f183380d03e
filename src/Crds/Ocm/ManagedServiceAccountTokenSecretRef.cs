using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>status.tokenSecretRef</c> of a ManagedServiceAccount: <c>{"name":"…","lastRefreshTimestamp":"…"}</c>.</summary>
public sealed class ManagedServiceAccountTokenSecretRef
{
    /// <summary>The name of the token Secret (keys <c>token</c> and <c>ca.crt</c>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>When the token was last refreshed.</summary>
    [JsonPropertyName("lastRefreshTimestamp")]
    public DateTimeOffset? LastRefreshTimestamp { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
