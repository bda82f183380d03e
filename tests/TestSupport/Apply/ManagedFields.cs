using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>
/// Who a <c>managedFields</c> entry belongs to: manager, operation (<c>Apply</c> or <c>Update</c>), subresource, and for
/// <c>Update</c> the apiVersion (k8s.io/apimachinery/pkg/util/managedfields/internal/managedfields.go
/// BuildManagerIdentifier: appliers keep one entry whatever version they use).
/// </summary>
internal sealed record ManagerKey(string Manager, string Operation, string Subresource, string ApiVersion)
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    public static ManagerKey Apply(string manager, string subresource) =>
        new(manager, ApplyOperation, subresource, string.Empty);

    public static ManagerKey Update(string manager, string subresource, string apiVersion) =>
        new(manager, UpdateOperation, subresource, apiVersion);

    /// <summary>As conflict messages name it (internal/conflict.go printManager): <c>"m" using apps/v1</c>.</summary>
    public string Show()
    {
        var shown = $"\"{Manager}\"";
        if (Subresource.Length > 0)
        {
            shown += $" with subresource \"{Subresource}\"";
        }

        return Operation == UpdateOperation ? $"{shown} using {ApiVersion}" : shown;
    }
}

/// <summary>One manager's owned fields.</summary>
internal sealed record ManagedEntry(FieldSet Set, string ApiVersion, string? Time);

/// <summary>
/// <c>metadata.managedFields</c> read and written in the apiserver's form: entries
/// <c>{manager, operation, apiVersion, time, fieldsType: FieldsV1, fieldsV1, subresource}</c>, sorted by operation, time,
/// manager (internal/managedfields.go sortEncodedManagedFields).
/// </summary>
internal static class ManagedFields
{
    public static bool HasEntries(JsonObject obj) => obj["metadata"]?["managedFields"] is JsonArray { Count: > 0 };

    /// <summary>The entries of an object; malformed ones are skipped (as the apiserver resets them).</summary>
    public static Dictionary<ManagerKey, ManagedEntry> Decode(JsonObject obj)
    {
        var result = new Dictionary<ManagerKey, ManagedEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return result;
        }

        foreach (var entry in entries.OfType<JsonObject>())
        {
            var operation = Text(entry, "operation");
            if (entry["fieldsV1"] is not JsonObject fields ||
                operation is not (ManagerKey.ApplyOperation or ManagerKey.UpdateOperation))
            {
                continue;
            }

            FieldSet set;
            try
            {
                set = FieldSet.FromFieldsV1(fields);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                continue;
            }

            var apiVersion = Text(entry, "apiVersion") ?? string.Empty;
            var manager = Text(entry, "manager") ?? string.Empty;
            var subresource = Text(entry, "subresource") ?? string.Empty;
            var key = operation == ManagerKey.ApplyOperation
                ? ManagerKey.Apply(manager, subresource)
                : ManagerKey.Update(manager, subresource, apiVersion);
            result[key] = new ManagedEntry(set, apiVersion, Text(entry, "time"));
        }

        return result;
    }

    /// <summary>Writes the entries into <c>metadata.managedFields</c> (removed when there are none).</summary>
    public static void Encode(JsonObject obj, IReadOnlyDictionary<ManagerKey, ManagedEntry> managers)
    {
        var metadata = ObjectMeta.Metadata(obj);
        var entries = new JsonArray();
        foreach (var (key, entry) in managers
                     .Where(m => !m.Value.Set.IsEmpty)
                     .OrderBy(m => m.Key.Operation, StringComparer.Ordinal)
                     .ThenBy(m => m.Value.Time ?? string.Empty, StringComparer.Ordinal)
                     .ThenBy(m => m.Key.Manager, StringComparer.Ordinal)
                     .ThenBy(m => m.Value.ApiVersion, StringComparer.Ordinal)
                     .ThenBy(m => m.Key.Subresource, StringComparer.Ordinal))
        {
            var json = new JsonObject
            {
                ["manager"] = key.Manager,
                ["operation"] = key.Operation,
                ["apiVersion"] = entry.ApiVersion,
            };
            if (entry.Time is not null)
            {
                json["time"] = entry.Time;
            }

            json["fieldsType"] = "FieldsV1";
            json["fieldsV1"] = entry.Set.ToFieldsV1();
            if (key.Subresource.Length > 0)
            {
                json["subresource"] = key.Subresource;
            }

            entries.Add(json);
        }

        if (entries.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = entries;
        }
    }

    /// <summary>Moves <paramref name="from"/>'s entries onto <paramref name="to"/> (a status write keeps the old metadata).</summary>
    public static void Copy(JsonObject from, JsonObject to)
    {
        var entries = from["metadata"]?["managedFields"]?.DeepClone();
        var metadata = ObjectMeta.Metadata(to);
        if (entries is null)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = entries;
        }
    }

    public static JsonObject Without(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
