using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>status.healthCheck</c> of a ManagedClusterAddOn: <c>{"mode":"Lease|Customized"}</c>.</summary>
public sealed class ManagedClusterAddOnHealthCheck
{
    /// <summary><c>Lease</c> (the agent renews a lease; OCM default) or <c>Customized</c> (the manager reports health).</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
