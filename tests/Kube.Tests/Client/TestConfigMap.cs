using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Tests.Client;

/// <summary>A minimal typed ConfigMap for tests.</summary>
public sealed class TestConfigMap : IKubernetesObject
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = "v1";

    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ConfigMap";

    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("data")]
    public Dictionary<string, string>? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public static TestConfigMap Create(string ns, string name, string value = "v", Dictionary<string, string>? labels = null) =>
        new()
        {
            Metadata = new ObjectMeta { Namespace = ns, Name = name, Labels = labels },
            Data = new() { ["key"] = value },
        };
}
