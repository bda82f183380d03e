using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>spec</c> of a ManagedClusterAddOn: <c>{"installNamespace":"open-cluster-management-agent-addon","configs":[{"group":"…","resource":"…","name":"…"}]}</c>.</summary>
public sealed class ManagedClusterAddOnSpec
{
    /// <summary>The namespace on the managed cluster to install the addon agent into.</summary>
    [JsonPropertyName("installNamespace")]
    public string? InstallNamespace { get; set; }

    /// <summary>The add-on configurations (kept as raw JSON: <c>{"group","resource","namespace","name"}</c>).</summary>
    [JsonPropertyName("configs")]
    public List<JsonElement>? Configs { get; set; }

    /// <summary>Any other field, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
