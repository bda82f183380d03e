using System.Globalization;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>Small helpers over unstructured objects' metadata.</summary>
public static class ObjectMeta
{
    public static JsonObject Metadata(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? Name(JsonObject obj) => GetString(obj, "name");

    public static string? Namespace(JsonObject obj) => GetString(obj, "namespace");

    public static string? ResourceVersion(JsonObject obj) => GetString(obj, "resourceVersion");

    public static string? GetString(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : null;
    }

    /// <summary>Labels (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject l)
        {
            foreach (var (key, value) in l)
            {
                labels[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToString() ?? "";
            }
        }

        return labels;
    }

    /// <summary>The RFC 3339 form Kubernetes uses for timestamps (seconds, UTC, Z).</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a dotted path (<c>metadata.name</c>, <c>spec.nodeName</c>) as a string ("" when absent).</summary>
    public static string FieldValue(JsonObject obj, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => string.Empty,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
