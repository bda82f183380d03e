using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.Ocm;

/// <summary>
/// <c>status</c> of a ManagedClusterAddOn: <c>{"conditions":[…],"healthCheck":{"mode":"Lease|Customized"},
/// "registrations":[{"signerName":"…","subject":{…}}],…}</c>.
/// </summary>
public sealed class ManagedClusterAddOnStatus
{
    /// <summary>The conditions, e.g. <c>Available</c>.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>How the addon's health is checked.</summary>
    [JsonPropertyName("healthCheck")]
    public ManagedClusterAddOnHealthCheck? HealthCheck { get; set; }

    /// <summary>The registrations of the addon agent (kept as raw JSON).</summary>
    [JsonPropertyName("registrations")]
    public List<JsonElement>? Registrations { get; set; }

    /// <summary>Any other field (<c>addOnMeta</c>, <c>relatedObjects</c>, <c>configReferences</c>, …), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
