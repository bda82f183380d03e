using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>ManagedCluster.spec</c>: the fields the gateway reads; the rest is kept in <see cref="Extra"/>.</summary>
public sealed class ManagedClusterSpec
{
    /// <summary>
    /// <c>managedClusterClientConfigs</c>: the cluster's API server addresses; the gateway uses the first one.
    /// </summary>
    [JsonPropertyName("managedClusterClientConfigs")]
    public List<ManagedClusterClientConfig>? ManagedClusterClientConfigs { get; set; }

    /// <summary><c>hubAcceptsClient</c>: whether the hub admin accepted the cluster.</summary>
    [JsonPropertyName("hubAcceptsClient")]
    public bool HubAcceptsClient { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
