using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Ocm;

/// <summary><c>spec</c> of a ClusterManagementAddOn.</summary>
public sealed class ClusterManagementAddOnSpec
{
    /// <summary>Display name and description: <c>{"displayName":"…","description":"…"}</c>.</summary>
    [JsonPropertyName("addOnMeta")]
    public AddOnMeta? AddOnMeta { get; set; }

    /// <summary>The supported configuration kinds (raw JSON: <c>{"group","resource","defaultConfig":{"name"}}</c>).</summary>
    [JsonPropertyName("supportedConfigs")]
    public List<JsonElement>? SupportedConfigs { get; set; }

    /// <summary>The install strategy (raw JSON: <c>{"type":"Manual|Placements","placements":[…]}</c>).</summary>
    [JsonPropertyName("installStrategy")]
    public JsonElement? InstallStrategy { get; set; }

    /// <summary>Any other field (<c>addOnConfiguration</c>, …), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
