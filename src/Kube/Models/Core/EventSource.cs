using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Core;

/// <summary>core/v1 <c>EventSource</c>: who reported an event.</summary>
public sealed class EventSource
{
    /// <summary>Component, e.g. <c>cluster-gateway-addon-manager</c>.</summary>
    [JsonPropertyName("component")]
    public string? Component { get; set; }

    /// <summary>Node or host name.</summary>
    [JsonPropertyName("host")]
    public string? Host { get; set; }
}
