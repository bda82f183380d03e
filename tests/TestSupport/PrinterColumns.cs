using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>One Table column of a custom resource, from its CRD version's <c>additionalPrinterColumns</c>.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority,
    SimpleJsonPath Path);

/// <summary>
/// The Table columns of custom resources as apiextensions-apiserver builds them
/// (<c>pkg/registry/customresource/tableconvertor</c>): <c>Name</c>, then the CRD version's
/// <c>additionalPrinterColumns</c> — a CRD without any gets the single column <c>Age</c>
/// (<c>.metadata.creationTimestamp</c>), one with some gets exactly those. Cells: the first JSONPath result, rendered
/// by column type (<c>string</c> as jsonpath prints it, <c>date</c> as a human age, <c>integer</c>, <c>number</c>,
/// <c>boolean</c>); no result is a null cell.
/// </summary>
internal static class PrinterColumns
{
    /// <summary>The columns after Name for <paramref name="resource"/>, or null for built-in resources and CRDs
    /// without printer columns (Name and Age).</summary>
    public static IReadOnlyList<PrinterColumn>? For(FakeObjectStore store, FakeResource? resource)
    {
        if (resource is null || resource.BuiltIn)
        {
            return null;
        }

        var crd = store.Get(FakeResource.CustomResourceDefinitions, null, $"{resource.Plural}.{resource.Group}");
        var version = (crd?["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(v => v["name"]?.GetValue<string>() == resource.Version);
        if (version?["additionalPrinterColumns"] is not JsonArray { Count: > 0 } columns)
        {
            return null;
        }

        return [.. columns.OfType<JsonObject>().Select(c =>
        {
            var path = c["jsonPath"]?.GetValue<string>() ?? "";
            return new PrinterColumn(
                c["name"]?.GetValue<string>() ?? "",
                c["type"]?.GetValue<string>() ?? "string",
                c["format"]?.GetValue<string>() ?? "",
                c["description"]?.GetValue<string>() is { Length: > 0 } d
                    ? d
                    : $"Custom resource definition column (in JSONPath format): {path}",
                int.Parse(c["priority"]?.ToJsonString() ?? "0", CultureInfo.InvariantCulture),
                SimpleJsonPath.Parse(path));
        })];
    }

    /// <summary>The columns for an object, resolved from its apiVersion and kind.</summary>
    public static IReadOnlyList<PrinterColumn>? ForObject(FakeObjectStore store, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        return apiVersion is null || kind is null ? null : For(store, store.FindResourceByKind(apiVersion, kind));
    }

    /// <summary>The cell of <paramref name="column"/> for <paramref name="obj"/>.</summary>
    public static JsonNode? Cell(PrinterColumn column, JsonObject obj, DateTimeOffset now)
    {
        var results = column.Path.Evaluate(obj);
        if (results.Count == 0 || results[0] is not { } value)
        {
            return null;
        }

        return column.Type switch
        {
            "string" => Text(value),
            "date" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var at) ? TableWriter.HumanDuration(now - at) : "<invalid>"
                : null,
            "integer" => value is JsonValue n && n.GetValueKind() == JsonValueKind.Number
                ? (long)Number(n)
                : null,
            "number" => value is JsonValue f && f.GetValueKind() == JsonValueKind.Number ? Number(f) : null,
            "boolean" => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? b.GetValue<bool>()
                : null,
            _ => null,
        };
    }

    private static double Number(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>jsonpath's printing: strings raw, other scalars in their JSON form, objects and arrays as compact JSON.</summary>
    private static string Text(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
}
