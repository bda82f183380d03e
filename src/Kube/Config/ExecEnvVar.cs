using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>One <c>user.exec.env</c> entry: <c>{name, value}</c>.</summary>
public sealed class ExecEnvVar
{
    /// <summary>Variable name.</summary>
    [YamlMember(Alias = "name")]
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Variable value.</summary>
    [YamlMember(Alias = "value")]
    [JsonPropertyName("value")]
    public string? Value { get; set; }
}
