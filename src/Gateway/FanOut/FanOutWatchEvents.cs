using System.Globalization;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// Rewrites one cluster's watch events for the fan-out stream and keeps the stream's vector position: every object's
/// <c>metadata.resourceVersion</c> becomes the <see cref="ClusterVector"/> of the latest resourceVersion per cluster
/// (this event's included), objects carry the <see cref="ClusterVector.ClusterNameAnnotation"/> annotation, and Table
/// events (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>, what <c>kubectl get -w</c> asks for) get a
/// <c>CLUSTER</c> column first. Column definitions are sent once, with the first event that has them (kube-apiserver
/// sends them with a watch's first Table event, apiserver <c>pkg/endpoints/handlers/watch.go</c>); each cluster's
/// stream repeats them, so later copies are dropped. Not thread-safe: one per fan-out stream.
/// </summary>
internal sealed class FanOutWatchEvents
{
    /// <summary>The annotation of the bookmark that ends a watch-list's initial events
    /// (https://kubernetes.io/docs/reference/using-api/api-concepts/#streaming-lists).</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    private readonly Dictionary<string, string> _positions = new(StringComparer.Ordinal);
    private string? _token;
    private bool _columnsSent;

    /// <summary>The stream's position now: the vector of every cluster's latest resourceVersion.</summary>
    public string Token => _token ??= ClusterVector.Encode(_positions);

    /// <summary>Sets a cluster's position without an event (the caller's vector at start).</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="resourceVersion">Its resourceVersion.</param>
    public void Seed(string cluster, string resourceVersion)
    {
        _positions[cluster] = resourceVersion;
        _token = null;
    }

    /// <summary>Drops a cluster that left the stream from the vector (a resumed watch restarts it from scratch).</summary>
    /// <param name="cluster">The cluster.</param>
    public void Forget(string cluster)
    {
        _token = _positions.Remove(cluster) ? null : _token;
    }

    /// <summary>Rewrites an ADDED, MODIFIED or DELETED event of <paramref name="cluster"/> in place.</summary>
    /// <param name="cluster">The cluster it came from.</param>
    /// <param name="watchEvent">The event (<c>{"type","object"}</c>).</param>
    public void Rewrite(string cluster, JsonObject watchEvent)
    {
        if (watchEvent["object"] is not JsonObject obj)
        {
            return;
        }

        Advance(cluster, ResourceVersionOf(obj));
        if (IsTable(obj))
        {
            RewriteTable(cluster, obj);
            return;
        }

        Annotate(obj, cluster);
        Metadata(obj)["resourceVersion"] = Token;
    }

    /// <summary>
    /// Turns a cluster's BOOKMARK into the fan-out's: the same object (kind, apiVersion) with the vector as its
    /// resourceVersion and, when <paramref name="initialEventsEnd"/>, the initial-events-end annotation.
    /// </summary>
    /// <param name="cluster">The cluster it came from.</param>
    /// <param name="watchEvent">The BOOKMARK event; rewritten in place.</param>
    /// <param name="initialEventsEnd">Whether every cluster's initial events have now been sent.</param>
    public void RewriteBookmark(string cluster, JsonObject watchEvent, bool initialEventsEnd)
    {
        if (watchEvent["object"] is not JsonObject obj)
        {
            watchEvent["object"] = obj = new JsonObject();
        }

        Advance(cluster, ResourceVersionOf(obj));
        var metadata = Metadata(obj);
        metadata["resourceVersion"] = Token;
        metadata.Remove("annotations");
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { [InitialEventsEndAnnotation] = "true" };
        }

        if (IsTable(obj))
        {
            obj.Remove("columnDefinitions");
            obj["rows"] = new JsonArray();
        }
    }

    /// <summary>Whether a BOOKMARK marks the end of a cluster's initial events.</summary>
    /// <param name="watchEvent">The event.</param>
    /// <returns>True when annotated <see cref="InitialEventsEndAnnotation"/>=true.</returns>
    public static bool EndsInitialEvents(JsonObject watchEvent) =>
        watchEvent["object"]?["metadata"]?["annotations"]?[InitialEventsEndAnnotation] is JsonValue value &&
        value.TryGetValue<string>(out var text) && text == "true";

    /// <summary>The object's <c>metadata.resourceVersion</c>, or null.</summary>
    /// <param name="obj">An event's object.</param>
    /// <returns>The resourceVersion.</returns>
    public static string? ResourceVersionOf(JsonObject obj) =>
        obj["metadata"]?["resourceVersion"] is JsonValue value && value.TryGetValue<string>(out var text) &&
        text.Length > 0 ? text : null;

    /// <summary>
    /// The later of two resourceVersions of one cluster. They are opaque to clients, but every apiserver issues etcd
    /// revisions (decimal integers), and a watch cache's initial ADDED events come in key order, not revision order:
    /// keeping the highest means a cluster resumes after everything it sent, never before. Anything else is taken as
    /// sent (the newest).
    /// </summary>
    /// <param name="current">The position so far, or null.</param>
    /// <param name="candidate">This event's resourceVersion.</param>
    /// <returns>The position.</returns>
    public static string Later(string? current, string candidate) =>
        current is not null &&
        ulong.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out var a) &&
        ulong.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a > b
            ? current
            : candidate;

    private void Advance(string cluster, string? resourceVersion)
    {
        if (resourceVersion is null)
        {
            return;
        }

        var next = Later(_positions.GetValueOrDefault(cluster), resourceVersion);
        if (!_positions.TryGetValue(cluster, out var previous) || previous != next)
        {
            _positions[cluster] = next;
            _token = null;
        }
    }

    private void RewriteTable(string cluster, JsonObject table)
    {
        if (table["columnDefinitions"] is JsonArray columns && columns.Count > 0 && !_columnsSent)
        {
            columns.Insert(0, new JsonObject
            {
                ["name"] = "Cluster",
                ["type"] = "string",
                ["format"] = "",
                ["description"] = "The cluster the object is in (annotation " + ClusterVector.ClusterNameAnnotation + ").",
                ["priority"] = 0,
            });
            _columnsSent = true;
        }
        else
        {
            table.Remove("columnDefinitions");
        }

        Metadata(table)["resourceVersion"] = Token;
        if (table["rows"] is not JsonArray rows)
        {
            return;
        }

        foreach (var row in rows.OfType<JsonObject>())
        {
            if (row["cells"] is JsonArray cells)
            {
                cells.Insert(0, cluster);
            }

            if (row["object"] is JsonObject rowObject)
            {
                Annotate(rowObject, cluster);
                Metadata(rowObject)["resourceVersion"] = Token;
            }
        }
    }

    private static bool IsTable(JsonObject obj) =>
        obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var text) && text == "Table" &&
        obj["apiVersion"] is JsonValue version && version.TryGetValue<string>(out var api) &&
        api.StartsWith("meta.k8s.io/", StringComparison.Ordinal);

    private static void Annotate(JsonObject obj, string cluster)
    {
        var metadata = Metadata(obj);
        if (metadata["annotations"] is not JsonObject annotations)
        {
            metadata["annotations"] = annotations = new JsonObject();
        }

        annotations[ClusterVector.ClusterNameAnnotation] = cluster;
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        return metadata;
    }
}
