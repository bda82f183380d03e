using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// Writes the merged answer of a fan-out list, or the failure that stands for it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A list (<c>items</c>: ConfigMapList, PartialObjectMetadataList ...): every cluster's items in cluster order,
/// each with the annotation <c>cluster.core.oam.dev/cluster-name</c>.</item>
/// <item>A Table (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>, what kubectl asks for): a <c>Cluster</c>
/// column first in <c>columnDefinitions</c> and in every row's <c>cells</c>; a row's <c>object</c> (with
/// <c>includeObject=Metadata</c> or <c>Object</c>) is annotated too.</item>
/// <item><c>metadata.resourceVersion</c>: the <see cref="ClusterVector"/> of the clusters' list resourceVersions;
/// <c>metadata.continue</c>: the continue vector while any cluster has more; <c>metadata.missingClusters</c>: the
/// names of the clusters that failed (a field clients decoding <c>ListMeta</c> ignore, as Go's JSON decoding does
/// with unknown fields), each also named with its reason in a <c>Warning: 299 - "cluster c3: ..."</c> header.</item>
/// <item>A cluster answering 410 Expired (its continue token or resourceVersion is too old) makes the whole answer
/// 410: a page without that cluster would silently lose its items. With <c>partial=false</c> any failure is a 503
/// naming the clusters; when every cluster failed the answer is that failure (their common code, else 503).</item>
/// </list>
/// </remarks>
internal static class FanOutListWriter
{
    /// <summary>The column added to a Table.</summary>
    public const string ClusterColumn = "Cluster";

    /// <summary>The list metadata field naming the clusters missing from the answer.</summary>
    public const string MissingClustersField = "missingClusters";

    private const string TableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <summary>Writes the response.</summary>
    /// <param name="context">The fan-out request.</param>
    /// <param name="answers">One answer per asked cluster, in cluster order.</param>
    /// <param name="continueToken">The continue vector, or null on the last page.</param>
    /// <param name="partial">Whether clusters may be missing.</param>
    /// <returns>The outcome.</returns>
    public static async Task<FanOutOutcome> WriteAsync(HttpContext context, IReadOnlyList<FanOutClusterAnswer> answers,
        string? continueToken, bool partial)
    {
        var failures = answers.Where(a => a.Failure is not null).Select(a => a.Failure!).ToList();
        var lists = answers.Where(a => a.List is not null).ToList();
        var first = lists.FirstOrDefault();
        var isTable = first is null ? FanOutAccept.WantsTable(context.Request.Headers.Accept.ToString())
            : IsTable(first.List!);
        // A cluster answering another shape (a list where the others sent a Table) cannot be merged.
        foreach (var odd in lists.Where(a => IsTable(a.List!) != isTable || !HasEntries(a.List!, isTable)).ToList())
        {
            lists.Remove(odd);
            failures.Add(new FanOutFailure(odd.Cluster, Status.Failure(502, "BadGateway",
                $"answered {(string?)odd.List!["kind"] ?? "an object"} that cannot be merged with the other clusters' lists")));
        }

        failures.Sort((a, b) => string.CompareOrdinal(a.Cluster, b.Cluster));
        if (failures.FirstOrDefault(f => f.Status.Code == 410) is { } expired)
        {
            await StatusResponses.WriteAsync(context, Status.Failure(410, "Expired",
                $"cluster {expired.Cluster}: {expired.Reason}"));
            return FanOutOutcome.Of(0, answers.Count);
        }

        if (failures.Count > 0 && (!partial || lists.Count == 0))
        {
            var codes = failures.Select(f => f.Status.Code).Distinct().ToList();
            var message = (lists.Count == 0 ? "every cluster of the fan-out failed: " : "fan-out with partial=false: clusters failed: ") +
                string.Join("; ", failures.Select(f => $"cluster {f.Cluster}: {f.Reason}"));
            var status = lists.Count == 0 && codes.Count == 1
                ? Status.Failure(codes[0], failures[0].Status.Reason ?? "InternalError", message)
                : Status.Failure(503, "ServiceUnavailable", message);
            await StatusResponses.WriteAsync(context, status);
            return FanOutOutcome.Of(0, answers.Count);
        }

        foreach (var failure in failures)
        {
            context.Response.Headers.Append("Warning", failure.WarningHeader);
        }

        // A refusing filter may have set Retry-After for its cluster; the merged answer is not a refusal.
        context.Response.Headers.RetryAfter = default;
        context.Response.StatusCode = 200;
        context.Response.ContentType = first?.ContentType ?? (isTable ? TableContentType : "application/json");
        await WriteBodyAsync(context, lists, failures, continueToken, isTable);
        return FanOutOutcome.Of(lists.Count, failures.Count);
    }

    private static bool IsTable(JsonObject list) => (string?)list["kind"] == "Table";

    private static bool HasEntries(JsonObject list, bool isTable) =>
        list[isTable ? "rows" : "items"] is JsonArray or null;

    private static async Task WriteBodyAsync(HttpContext context, List<FanOutClusterAnswer> lists,
        List<FanOutFailure> failures, string? continueToken, bool isTable)
    {
        var body = new CountingStream(context.Response.Body);
        await using (var writer = new Utf8JsonWriter(body))
        {
            var first = lists.FirstOrDefault()?.List;
            writer.WriteStartObject();
            writer.WriteString("kind", (string?)first?["kind"] ?? (isTable ? "Table" : "List"));
            writer.WriteString("apiVersion", (string?)first?["apiVersion"] ?? (isTable ? "meta.k8s.io/v1" : "v1"));
            WriteMetadata(writer, lists, failures, continueToken);
            if (isTable)
            {
                writer.WritePropertyName("columnDefinitions");
                writer.WriteStartArray();
                WriteClusterColumn(writer);
                if (first?["columnDefinitions"] is JsonArray columns)
                {
                    foreach (var column in columns.OfType<JsonNode>())
                    {
                        column.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WritePropertyName(isTable ? "rows" : "items");
            writer.WriteStartArray();
            foreach (var answer in lists)
            {
                var entries = answer.List![isTable ? "rows" : "items"] as JsonArray ?? [];
                foreach (var entry in entries.OfType<JsonObject>())
                {
                    if (isTable)
                    {
                        AnnotateRow(entry, answer.Cluster);
                    }
                    else
                    {
                        Annotate(entry, answer.Cluster);
                    }

                    entry.WriteTo(writer);
                }

                // Out per cluster: the writer never holds more than one cluster's entries.
                await writer.FlushAsync(context.RequestAborted);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        RequestState.Of(context).ResponseBytes = body.Written;
    }

    private static void WriteMetadata(Utf8JsonWriter writer, List<FanOutClusterAnswer> lists,
        List<FanOutFailure> failures, string? continueToken)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var answer in lists)
        {
            if (answer.List!["metadata"]?["resourceVersion"] is JsonValue version && version.TryGetValue<string>(out var text))
            {
                versions[answer.Cluster] = text;
            }
        }

        writer.WritePropertyName("metadata");
        writer.WriteStartObject();
        writer.WriteString("resourceVersion", versions.Count == 0 ? "" : ClusterVector.Encode(versions));
        if (continueToken is not null)
        {
            writer.WriteString("continue", continueToken);
        }

        if (failures.Count > 0)
        {
            writer.WritePropertyName(MissingClustersField);
            writer.WriteStartArray();
            foreach (var failure in failures)
            {
                writer.WriteStringValue(failure.Cluster);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteClusterColumn(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", ClusterColumn);
        writer.WriteString("type", "string");
        writer.WriteString("format", "");
        writer.WriteString("description", "The cluster the row comes from (" + ClusterVector.ClusterNameAnnotation + ").");
        writer.WriteNumber("priority", 0);
        writer.WriteEndObject();
    }

    private static void AnnotateRow(JsonObject row, string cluster)
    {
        if (row["cells"] is JsonArray cells)
        {
            cells.Insert(0, cluster);
        }
        else
        {
            row["cells"] = new JsonArray(cluster);
        }

        if (row["object"] is JsonObject item)
        {
            Annotate(item, cluster);
        }
    }

    /// <summary>Sets the cluster annotation on an object.</summary>
    /// <param name="item">A Kubernetes object (its <c>metadata</c> is created when missing).</param>
    /// <param name="cluster">The cluster.</param>
    public static void Annotate(JsonObject item, string cluster)
    {
        if (item["metadata"] is not JsonObject metadata)
        {
            item["metadata"] = metadata = [];
        }

        if (metadata["annotations"] is not JsonObject annotations)
        {
            metadata["annotations"] = annotations = [];
        }

        annotations[ClusterVector.ClusterNameAnnotation] = cluster;
    }
}
