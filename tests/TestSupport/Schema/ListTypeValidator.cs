using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// The <c>x-kubernetes-list-type</c> invariants (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype/validation.go):
/// a <c>set</c> holds no value twice and a <c>map</c> no key tuple (<c>x-kubernetes-list-map-keys</c>) twice, both a
/// <c>Duplicate value</c> at the later index; a map item without a key field that the schema neither requires nor
/// defaults is a <c>Required value</c> (kube-apiserver refuses such a CRD, so a real item always has its keys).
/// </summary>
internal static class ListTypeValidator
{
    /// <summary>The errors of a whole resource. Field paths as apimachinery's <c>field.Path</c> (map keys as <c>[key]</c>).</summary>
    public static List<FieldError> Validate(JsonObject obj, StructuralSchema schema)
    {
        var errors = new List<FieldError>();
        VisitObject(obj, schema, "", errors);
        return errors;
    }

    /// <summary>The old item an item of a map list correlates with (same key tuple), for ratcheting; null otherwise.</summary>
    public static SchemaValidator.Old? Correlate(StructuralSchema list, JsonNode? item, JsonArray oldList)
    {
        if (list.ListType != "map" || list.ListMapKeys.Count == 0 || item is not JsonObject itemObject)
        {
            return null;
        }

        var key = KeyOf(itemObject, list.ListMapKeys);
        var match = oldList.OfType<JsonObject>().FirstOrDefault(o => JsonValues.DeepEquals(KeyOf(o, list.ListMapKeys), key));
        return match is null ? null : new SchemaValidator.Old(match);
    }

    private static void VisitObject(JsonObject obj, StructuralSchema schema, string path, List<FieldError> errors)
    {
        foreach (var (key, value) in obj)
        {
            if (schema.PropertyMap.TryGetValue(key, out var property))
            {
                Visit(value, property, path.Length == 0 ? key : path + "." + key, errors);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Visit(value, additional, $"{path}[{key}]", errors);
            }
        }
    }

    private static void Visit(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        switch (value)
        {
            case JsonObject obj:
                VisitObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                if (schema.ListType == "set")
                {
                    foreach (var i in DuplicateIndices(array.ToList()))
                    {
                        errors.Add(FieldError.Duplicate($"{path}[{i}]", array[i]));
                    }
                }
                else if (schema.ListType == "map")
                {
                    ValidateMap(array, schema, path, errors);
                }

                if (schema.Items is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Visit(array[i], items, $"{path}[{i}]", errors);
                    }
                }

                break;
        }
    }

    private static void ValidateMap(JsonArray array, StructuralSchema schema, string path, List<FieldError> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not null and not JsonObject)
            {
                errors.Add(FieldError.Invalid($"{path}[{i}]", array[i], "must be an object for an array of list-type map"));
                return;
            }
        }

        for (var i = 0; i < array.Count; i++)
        {
            foreach (var key in schema.ListMapKeys)
            {
                var keySchema = schema.Items?.PropertyMap.GetValueOrDefault(key);
                if (array[i] is JsonObject item && !item.ContainsKey(key) &&
                    schema.Items?.Required.Contains(key) != true && keySchema?.Default is null)
                {
                    errors.Add(FieldError.Required($"{path}[{i}].{key}"));
                }
            }
        }

        if (array.Count <= 1)
        {
            return;
        }

        var keys = array.Select(item => (JsonNode?)KeyOf(item as JsonObject, schema.ListMapKeys)).ToList();
        foreach (var i in DuplicateIndices(keys))
        {
            errors.Add(FieldError.Duplicate($"{path}[{i}]", keys[i]));
        }
    }

    /// <summary>
    /// The key tuple of a map-list item as an object of the key fields it has (<c>{}</c> for null), keys sorted as
    /// Go's <c>json.Marshal</c> of a map prints them.
    /// </summary>
    private static JsonObject KeyOf(JsonObject? item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            if (item is not null && item.TryGetPropertyValue(name, out var value))
            {
                key[name] = value?.DeepClone();
            }
        }

        return key;
    }

    /// <summary>Indices of second occurrences (a value seen a third time is reported once, as listtype does).</summary>
    private static List<int> DuplicateIndices(IReadOnlyList<JsonNode?> values)
    {
        var result = new List<int>();
        var seen = new List<(JsonNode? Value, int Times)>();
        for (var i = 0; i < values.Count; i++)
        {
            var index = seen.FindIndex(s => JsonValues.DeepEquals(s.Value, values[i]));
            if (index < 0)
            {
                seen.Add((values[i], 1));
                continue;
            }

            if (seen[index].Times == 1)
            {
                result.Add(i);
            }

            seen[index] = (seen[index].Value, seen[index].Times + 1);
        }

        return result;
    }
}
