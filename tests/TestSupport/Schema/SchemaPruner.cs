using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// Drops the fields a structural schema does not declare, as kube-apiserver does when it decodes a custom resource
/// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go; see
/// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning).
/// </summary>
/// <remarks>
/// The resource root is an embedded resource: <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> are always kept;
/// <c>metadata</c> (at the root and in every <c>x-kubernetes-embedded-resource</c>) keeps only the ObjectMeta fields,
/// as the decode into <c>metav1.ObjectMeta</c> does (pkg/apiserver/schema/objectmeta/coerce.go).
/// <c>x-kubernetes-preserve-unknown-fields: true</c> keeps unknown fields but still prunes below declared ones.
/// </remarks>
internal static class SchemaPruner
{
    /// <summary>The JSON fields of <c>metav1.ObjectMeta</c> (k8s.io/apimachinery/pkg/apis/meta/v1/types.go).</summary>
    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    };

    private static readonly HashSet<string> TypeAndObjectMeta = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "metadata",
    };

    /// <summary>Prunes <paramref name="root"/> (a whole custom resource) in place.</summary>
    public static void PruneResource(JsonObject root, StructuralSchema schema)
    {
        Prune(root, schema, embedded: true);
    }

    private static void Prune(JsonNode? node, StructuralSchema? schema, bool embedded)
    {
        if (schema is { PreserveUnknownFields: true })
        {
            SkipPrune(node, schema, embedded);
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if ((embedded || schema is { EmbeddedResource: true }) && TypeAndObjectMeta.Contains(key))
                    {
                        CoerceMetadata(obj, key);
                        continue;
                    }

                    if (schema?.PropertyMap.TryGetValue(key, out var property) == true)
                    {
                        Prune(value, property, embedded: false);
                    }
                    else if (schema?.AdditionalProperties is { } additional)
                    {
                        Prune(value, additional, embedded: false);
                    }
                    else
                    {
                        obj.Remove(key);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Prune(item, schema?.Items, embedded: false);
                }

                break;
        }
    }

    /// <summary>Below <c>x-kubernetes-preserve-unknown-fields</c>: unknown keys stay, known ones are pruned by their schema.</summary>
    private static void SkipPrune(JsonNode? node, StructuralSchema schema, bool embedded)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if ((embedded || schema.EmbeddedResource) && TypeAndObjectMeta.Contains(key))
                    {
                        CoerceMetadata(obj, key);
                        continue;
                    }

                    if (schema.SchemaFor(key) is { } inner)
                    {
                        Prune(value, inner, embedded: false);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    SkipPrune(item, items, embedded: false);
                }

                break;
        }
    }

    private static void CoerceMetadata(JsonObject obj, string key)
    {
        if (key != "metadata" || obj["metadata"] is not JsonObject metadata)
        {
            return;
        }

        foreach (var field in metadata.Select(p => p.Key).Where(k => !ObjectMetaFields.Contains(k)).ToList())
        {
            metadata.Remove(field);
        }
    }
}
