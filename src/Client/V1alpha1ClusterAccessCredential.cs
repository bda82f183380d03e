using System.Text.Json.Serialization;

namespace ClusterGateway.Client;

/// <summary><c>spec.access.credential</c>, type only (the gateway withholds token and key by default).</summary>
public sealed class V1alpha1ClusterAccessCredential
{
    /// <summary><c>ServiceAccountToken</c>, <c>X509Certificate</c> or <c>Dynamic</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
