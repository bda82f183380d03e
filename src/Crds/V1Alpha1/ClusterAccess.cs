using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.access</c>: where the cluster is and how to authenticate to it.</summary>
public sealed class ClusterAccess
{
    /// <summary>Where the cluster's API server is.</summary>
    [JsonPropertyName("endpoint")]
    public ClusterEndpoint Endpoint { get; set; } = new();

    /// <summary>The credential presented to the cluster; <see langword="null"/> when none.</summary>
    [JsonPropertyName("credential")]
    public ClusterAccessCredential? Credential { get; set; }
}
