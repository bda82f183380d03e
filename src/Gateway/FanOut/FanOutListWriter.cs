using System.Text.Json;
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
        var lists = answers.Where(a => a.Document is not null).ToList();
        var first = lists.FirstOrDefault();
        var isTable = first is null ? FanOutAccept.WantsTable(context.Request.Headers.Accept.ToString())
            : first.Kind == "Table";
        // A cluster answering another shape (a list where the others sent a Table) cannot be merged.
        foreach (var odd in lists.Where(a => (a.Kind == "Table") != isTable || !HasEntries(a.List, isTable)).ToList())
        {
            lists.Remove(odd);
            failures.Add(new FanOutFailure(odd.Cluster, Status.Failure(502, "BadGateway",
                $"answered {odd.Kind ?? "an object"} that cannot be merged with the other clusters' lists")));
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
            await StatusResponses.WriteAsync(context, FanOutFailure.Answer(failures, noneAnswered: lists.Count == 0));
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

    private static bool HasEntries(JsonElement list, bool isTable) =>
        !list.TryGetProperty(isTable ? "rows" : "items", out var entries) ||
        entries.ValueKind is JsonValueKind.Array or JsonValueKind.Null;

    private static async Task WriteBodyAsync(HttpContext context, List<FanOutClusterAnswer> lists,
        List<FanOutFailure> failures, string? continueToken, bool isTable)
    {
        var writer = new Utf8JsonWriter(context.Response.Body);
        await using (writer)
        {
            var first = lists.FirstOrDefault();
            writer.WriteStartObject();
            writer.WriteString("kind", first?.Kind ?? (isTable ? "Table" : "List"));
            writer.WriteString("apiVersion", (first is null ? null : FanOutClusterAnswer.StringProperty(first.List, "apiVersion")) ??
                                             (isTable ? "meta.k8s.io/v1" : "v1"));
            WriteMetadata(writer, lists, failures, continueToken);
            if (isTable)
            {
                writer.WritePropertyName("columnDefinitions");
                writer.WriteStartArray();
                WriteClusterColumn(writer);
                if (first is not null && first.List.TryGetProperty("columnDefinitions", out var columns) &&
                    columns.ValueKind == JsonValueKind.Array)
                {
                    foreach (var column in columns.EnumerateArray())
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
                if (answer.List.TryGetProperty(isTable ? "rows" : "items", out var entries) &&
                    entries.ValueKind == JsonValueKind.Array)
                {
                    foreach (var entry in entries.EnumerateArray())
                    {
                        if (entry.ValueKind != JsonValueKind.Object)
                        {
                            continue;
                        }

                        if (isTable)
                        {
                            WriteRow(writer, entry, answer.Cluster);
                        }
                        else
                        {
                            WriteAnnotated(writer, entry, answer.Cluster);
                        }
                    }
                }

                // Out per cluster: the writer never holds more than one cluster's entries.
                await writer.FlushAsync(context.RequestAborted);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(context.RequestAborted);
            // What went out (the access log's bytes): the writer counts what it flushed.
            RequestState.Of(context).ResponseBytes = writer.BytesCommitted;
        }
    }

    private static void WriteMetadata(Utf8JsonWriter writer, List<FanOutClusterAnswer> lists,
        List<FanOutFailure> failures, string? continueToken)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var answer in lists)
        {
            if (answer.ResourceVersion is { } version)
            {
                versions[answer.Cluster] = version;
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

    // A Table row: the cluster first in its cells, its object (includeObject=Metadata or Object) annotated.
    private static void WriteRow(Utf8JsonWriter writer, JsonElement row, string cluster)
    {
        writer.WriteStartObject();
        var sawCells = false;
        foreach (var property in row.EnumerateObject())
        {
            if (property.NameEquals("cells"))
            {
                sawCells = true;
                writer.WritePropertyName("cells");
                writer.WriteStartArray();
                writer.WriteStringValue(cluster);
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var cell in property.Value.EnumerateArray())
                    {
                        cell.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
            }
            else if (property.NameEquals("object") && property.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("object");
                WriteAnnotated(writer, property.Value, cluster);
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        if (!sawCells)
        {
            writer.WritePropertyName("cells");
            writer.WriteStartArray();
            writer.WriteStringValue(cluster);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes an object with the cluster annotation added to its <c>metadata.annotations</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="item">A Kubernetes object.</param>
    /// <param name="cluster">The cluster.</param>
    public static void WriteAnnotated(Utf8JsonWriter writer, JsonElement item, string cluster)
    {
        writer.WriteStartObject();
        var sawMetadata = false;
        foreach (var property in item.EnumerateObject())
        {
            if (property.NameEquals("metadata"))
            {
                sawMetadata = true;
                writer.WritePropertyName("metadata");
                WriteMetadataWithAnnotation(writer, property.Value, cluster);
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        if (!sawMetadata)
        {
            writer.WritePropertyName("metadata");
            WriteMetadataWithAnnotation(writer, default, cluster);
        }

        writer.WriteEndObject();
    }

    private static void WriteMetadataWithAnnotation(Utf8JsonWriter writer, JsonElement metadata, string cluster)
    {
        writer.WriteStartObject();
        var sawAnnotations = false;
        if (metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in metadata.EnumerateObject())
            {
                if (!property.NameEquals("annotations"))
                {
                    property.WriteTo(writer);
                    continue;
                }

                sawAnnotations = true;
                writer.WritePropertyName("annotations");
                writer.WriteStartObject();
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var annotation in property.Value.EnumerateObject())
                    {
                        if (!annotation.NameEquals(ClusterVector.ClusterNameAnnotation))
                        {
                            annotation.WriteTo(writer);
                        }
                    }
                }

                writer.WriteString(ClusterVector.ClusterNameAnnotation, cluster);
                writer.WriteEndObject();
            }
        }

        if (!sawAnnotations)
        {
            writer.WritePropertyName("annotations");
            writer.WriteStartObject();
            writer.WriteString(ClusterVector.ClusterNameAnnotation, cluster);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
