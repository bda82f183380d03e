using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Ocm;

/// <summary>
/// Checks a JSON object against a CRD's <c>openAPIV3Schema</c>: every field must be declared (<c>properties</c>,
/// <c>additionalProperties</c>, <c>items</c>; <c>x-kubernetes-preserve-unknown-fields</c> and schema-less objects
/// such as <c>metadata</c> allow anything) and have the declared JSON type; <c>required</c> fields must be present.
/// </summary>
internal static class CrdSchema
{
    /// <summary>The schema of <paramref name="version"/> in a CRD manifest.</summary>
    public static JsonObject Load(string crdYaml, string version)
    {
        var crd = YamlJson.ParseObject(crdYaml);
        return crd["spec"]!["versions"]!.AsArray()
            .Single(v => (string?)v!["name"] == version)!["schema"]!["openAPIV3Schema"]!.AsObject();
    }

    /// <summary>Every violation, as <c>path: problem</c>; empty when the object fits.</summary>
    public static IReadOnlyList<string> Violations(JsonNode? value, JsonObject schema)
    {
        var problems = new List<string>();
        Walk(value, schema, "", problems);
        return problems;
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, List<string> problems)
    {
        if (value is null)
        {
            return;
        }

        var type = (string?)schema["type"];
        var kind = value.GetValueKind();
        var fits = type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" or "number" => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!fits)
        {
            problems.Add($"{path}: expected {type}, got {kind}");
            return;
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], items, $"{path}[{i}]", problems);
            }
        }

        if (value is not JsonObject obj || schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true)
        {
            return;
        }

        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey((string)required!))
            {
                problems.Add($"{path}.{required}: required");
            }
        }

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (key, child) in obj)
        {
            if (properties?[key] is JsonObject declared)
            {
                Walk(child, declared, $"{path}.{key}", problems);
            }
            else if (additional is not null)
            {
                Walk(child, additional, $"{path}.{key}", problems);
            }
            else if (properties is not null)
            {
                problems.Add($"{path}.{key}: not in the schema");
            }
        }
    }
}
