using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Models;

/// <summary>
/// Type of a watch event (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<WatchEventType>))]
public enum WatchEventType
{
    /// <summary>An object was added (or is part of the initial state).</summary>
    [JsonStringEnumMemberName("ADDED")]
    Added,

    /// <summary>An object was modified.</summary>
    [JsonStringEnumMemberName("MODIFIED")]
    Modified,

    /// <summary>An object was deleted; the object is its last state.</summary>
    [JsonStringEnumMemberName("DELETED")]
    Deleted,

    /// <summary>Progress marker: only <c>metadata.resourceVersion</c> of the object is meaningful.</summary>
    [JsonStringEnumMemberName("BOOKMARK")]
    Bookmark,

    /// <summary>The watch failed; the object is a <see cref="Status"/> (410 Gone means: relist).</summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,
}

/// <summary>One line of a watch stream: <c>{"type":"ADDED","object":{...}}</c>.</summary>
/// <typeparam name="T">Object type.</typeparam>
/// <param name="Type">Event type.</param>
/// <param name="Object">The object. ERROR events are not yielded as items: the client throws <c>KubeApiException</c>.</param>
public sealed record WatchEvent<T>(
    [property: JsonPropertyName("type")] WatchEventType Type,
    [property: JsonPropertyName("object")] T Object);
