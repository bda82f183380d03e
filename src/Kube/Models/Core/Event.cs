using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models.Core;

/// <summary>
/// core/v1 Event, as <c>kubectl describe</c> shows it
/// (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/).
/// </summary>
public sealed class Event : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = "v1";

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "Event";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The object the event is about.</summary>
    [JsonPropertyName("involvedObject")]
    public ObjectReference InvolvedObject { get; set; } = new();

    /// <summary>Machine-readable UpperCamelCase reason, e.g. <c>DeploymentCreated</c>.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>Human-readable description.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Reporting component and host.</summary>
    [JsonPropertyName("source")]
    public EventSource? Source { get; set; }

    /// <summary>First occurrence.</summary>
    [JsonPropertyName("firstTimestamp")]
    public DateTimeOffset? FirstTimestamp { get; set; }

    /// <summary>Latest occurrence.</summary>
    [JsonPropertyName("lastTimestamp")]
    public DateTimeOffset? LastTimestamp { get; set; }

    /// <summary>Occurrences.</summary>
    [JsonPropertyName("count")]
    public int? Count { get; set; }

    /// <summary>Controller that emitted the event, e.g. <c>cluster-gateway-addon-manager</c>.</summary>
    [JsonPropertyName("reportingComponent")]
    public string? ReportingComponent { get; set; }

    /// <summary>Instance (pod) of <see cref="ReportingComponent"/>.</summary>
    [JsonPropertyName("reportingInstance")]
    public string? ReportingInstance { get; set; }

    /// <summary>Fields not modelled above (eventTime, series, action, related), kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
