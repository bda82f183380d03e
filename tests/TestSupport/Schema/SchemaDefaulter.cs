using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// What kube-apiserver does to a decoded custom resource between pruning and validation: drop <c>null</c>s of
/// non-nullable fields that have no default, then fill in <c>default</c>s of absent (or non-nullable null) fields
/// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go and algorithm.go; see
/// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting).
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonObject root, StructuralSchema schema)
    {
        PruneNulls(root, schema);
        Default(root, schema);
    }

    private static void PruneNulls(JsonNode? node, StructuralSchema? schema)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    var inner = schema?.SchemaFor(key);
                    if (value is null && inner is { Nullable: false, Default: null })
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        PruneNulls(value, inner);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    PruneNulls(item, schema?.Items);
                }

                break;
        }
    }

    private static void Default(JsonNode? node, StructuralSchema? schema)
    {
        if (schema is null)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, property) in schema.Properties)
                {
                    if (property.Default is { } fallback &&
                        (!obj.TryGetPropertyValue(key, out var present) || (present is null && !property.Nullable)))
                    {
                        obj[key] = fallback.DeepClone();
                    }
                }

                foreach (var (key, value) in obj.ToList())
                {
                    if (schema.PropertyMap.TryGetValue(key, out var property))
                    {
                        Default(value, property);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        if (value is null && !additional.Nullable && additional.Default is { } fallback)
                        {
                            obj[key] = fallback.DeepClone();
                        }

                        Default(obj[key], additional);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && !items.Nullable && items.Default is { } fallback)
                    {
                        array[i] = fallback.DeepClone();
                    }

                    Default(array[i], items);
                }

                break;
        }
    }
}
