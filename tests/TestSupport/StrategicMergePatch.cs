using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// An approximation of Kubernetes strategic merge patch without schemas: a JSON merge patch where lists of
/// objects that all carry a merge key (name, type, mountPath, containerPort, port) merge by that key,
/// <c>$patch: delete|replace</c> and <c>$deleteFromPrimitiveList/x</c> are honoured and other directives ignored.
/// </summary>
public static class StrategicMergePatch
{
    private static readonly string[] MergeKeys = ["name", "type", "mountPath", "containerPort", "port"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, bool nullDeletes = true)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replacement = patchObject.DeepClone().AsObject();
            replacement.Remove("$patch");
            return replacement;
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    result[field] = new JsonArray([.. list.Where(i => !remove.Any(r => JsonNode.DeepEquals(r, i)))
                        .Select(i => i?.DeepClone())]);
                }

                continue;
            }

            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                if (nullDeletes)
                {
                    result.Remove(key);
                }
            }
            else if (value is JsonArray patchList && result[key] is JsonArray targetList &&
                     MergeKeyOf(patchList) is { } mergeKey)
            {
                result[key] = MergeLists(targetList, patchList, mergeKey, nullDeletes);
            }
            else
            {
                result[key] = Apply(result[key], value, nullDeletes);
            }
        }

        return result;
    }

    private static string? MergeKeyOf(JsonArray patchList) =>
        patchList.Count == 0 || !patchList.All(i => i is JsonObject)
            ? null
            : MergeKeys.FirstOrDefault(k => patchList.All(i => ((JsonObject)i!)[k] is not null));

    private static JsonArray MergeLists(JsonArray target, JsonArray patch, string mergeKey, bool nullDeletes)
    {
        var result = target.Select(i => i?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey];
            var index = result.FindIndex(r => r is JsonObject o && JsonNode.DeepEquals(o[mergeKey], key));
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                result[index] = Apply(result[index], item, nullDeletes);
            }
            else
            {
                result.Add(Apply(null, item, nullDeletes));
            }
        }

        return new JsonArray([.. result]);
    }
}
