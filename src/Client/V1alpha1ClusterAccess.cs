using System.Text.Json.Serialization;

namespace ClusterGateway.Client;

/// <summary><c>spec.access</c>: where the cluster is and how the gateway authenticates to it.</summary>
public sealed class V1alpha1ClusterAccess
{
    /// <summary>Where the cluster's API server is.</summary>
    [JsonPropertyName("endpoint")]
    public V1alpha1ClusterEndpoint? Endpoint { get; set; }

    /// <summary>The credential's type; <see langword="null"/> when the cluster has none.</summary>
    [JsonPropertyName("credential")]
    public V1alpha1ClusterAccessCredential? Credential { get; set; }
}
