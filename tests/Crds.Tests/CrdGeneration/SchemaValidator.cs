using System.Text.Json.Nodes;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// A small structural-schema walker (the subset the generated CRDs use): unknown fields, <c>type</c>, <c>enum</c>,
/// <c>required</c>. Returns one message per violation with its JSON path, e.g. <c>.spec.egress.type: not in enum</c>.
/// </summary>
internal static class SchemaValidator
{
    public static List<string> Validate(JsonNode? value, JsonObject schema)
    {
        var errors = new List<string>();
        Walk(value, schema, "", errors);
        return errors;
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (value is null || schema.ContainsKey("x-kubernetes-preserve-unknown-fields"))
        {
            return;
        }

        var type = (string?)schema["type"];
        var kind = value.GetValueKind();
        var ok = type switch
        {
            "object" => kind == System.Text.Json.JsonValueKind.Object,
            "array" => kind == System.Text.Json.JsonValueKind.Array,
            "string" => kind == System.Text.Json.JsonValueKind.String,
            "integer" => kind == System.Text.Json.JsonValueKind.Number && value.GetValue<decimal>() % 1 == 0,
            "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{path}: expected {type}, got {kind}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {value.ToJsonString()} not in enum [{string.Join(", ", allowed.Select(a => a!.ToJsonString()))}]");
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], items, $"{path}[{i}]", errors);
            }
        }

        if (value is JsonObject obj)
        {
            WalkObject(obj, schema, path, errors);
        }
    }

    private static void WalkObject(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            if (!obj.ContainsKey((string)required!))
            {
                errors.Add($"{path}.{(string)required!}: required");
            }
        }

        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (name, child) in obj)
        {
            if (properties[name] is JsonObject childSchema)
            {
                Walk(child, childSchema, $"{path}.{name}", errors);
            }
            else
            {
                errors.Add($"{path}.{name}: unknown field");
            }
        }
    }
}
