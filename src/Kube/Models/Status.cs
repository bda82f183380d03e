using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models;

/// <summary>
/// <c>metav1.Status</c>: the body of every Kubernetes API error and of some successful deletes
/// (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/).
/// </summary>
public sealed class Status
{
    /// <summary>Always <c>v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "v1";

    /// <summary>Always <c>Status</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Status";

    /// <summary>List metadata (usually empty).</summary>
    [JsonPropertyName("metadata")]
    public ListMeta Metadata { get; set; } = new();

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    [JsonPropertyName("status")]
    public string? Result { get; set; }

    /// <summary>Human-readable description, shown by kubectl after <c>Error from server (Reason):</c>.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Machine-readable reason: <c>NotFound</c>, <c>Forbidden</c>, <c>Conflict</c>, <c>Gone</c>, ...</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>Extended data about the failed object.</summary>
    [JsonPropertyName("details")]
    public StatusDetails? Details { get; set; }

    /// <summary>HTTP status code this Status was sent with.</summary>
    [JsonPropertyName("code")]
    public int Code { get; set; }

    /// <summary>Builds a <c>Failure</c> Status.</summary>
    /// <param name="code">HTTP status code, e.g. 404.</param>
    /// <param name="reason">Kubernetes reason, e.g. <c>NotFound</c>.</param>
    /// <param name="message">Human-readable message.</param>
    /// <param name="details">Optional details (group, kind, name).</param>
    /// <returns>The Status.</returns>
    public static Status Failure(int code, string reason, string message, StatusDetails? details = null) =>
        new() { Result = "Failure", Code = code, Reason = reason, Message = message, Details = details };

    /// <summary>
    /// A 404 NotFound Status in the apiserver's wording: <c>{resource}.{group} "{name}" not found</c>.
    /// </summary>
    /// <param name="group">API group (empty for core).</param>
    /// <param name="resource">Plural resource name.</param>
    /// <param name="name">Object name.</param>
    /// <returns>The Status.</returns>
    public static Status NotFound(string group, string resource, string name)
    {
        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        return Failure(404, "NotFound", $"{qualified} \"{name}\" not found",
            new StatusDetails { Name = name, Group = group.Length == 0 ? null : group, Kind = resource });
    }
}

/// <summary><c>metav1.StatusDetails</c>.</summary>
public sealed class StatusDetails
{
    /// <summary>Name of the object the Status is about.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>API group of the object.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    /// <summary>Kind (or plural resource) of the object.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>UID of the object.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>Seconds after which the client may retry.</summary>
    [JsonPropertyName("retryAfterSeconds")]
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Causes (field errors and the like), kept as raw JSON.</summary>
    [JsonPropertyName("causes")]
    public List<JsonElement>? Causes { get; set; }
}
