using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>ManagedCluster.status</c>: the conditions; the rest is kept in <see cref="Extra"/>.</summary>
public sealed class ManagedClusterStatus
{
    /// <summary>The name of the availability condition, <c>ManagedClusterConditionAvailable</c>.</summary>
    public const string AvailableCondition = "ManagedClusterConditionAvailable";

    /// <summary><c>conditions</c>: standard <c>metav1.Condition</c>s.</summary>
    [JsonPropertyName("conditions")]
    public List<ManagedClusterCondition>? Conditions { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
