using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// <c>status</c> of a ManagedServiceAccount: <c>{"conditions":[…],"tokenSecretRef":{"name":"…",
/// "lastRefreshTimestamp":"…"},"expirationTimestamp":"…"}</c>.
/// </summary>
public sealed class ManagedServiceAccountStatus
{
    /// <summary>The conditions, e.g. <c>TokenReported</c>, <c>SecretCreated</c>.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The Secret (in the same namespace) holding the reported token.</summary>
    [JsonPropertyName("tokenSecretRef")]
    public ManagedServiceAccountTokenSecretRef? TokenSecretRef { get; set; }

    /// <summary>When the current token expires.</summary>
    [JsonPropertyName("expirationTimestamp")]
    public DateTimeOffset? ExpirationTimestamp { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
