using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>A field that may be absent (<c>Present</c> false) or present with a JSON value (possibly null).</summary>
internal readonly record struct Slot(bool Present, JsonNode? Node)
{
    public static Slot Absent => default;

    public static Slot Of(JsonNode? node) => new(true, node);

    public static Slot Field(JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var value) ? new Slot(true, value) : Absent;
}

/// <summary>What changed between two objects, as field sets (structured-merge-diff typed/compare.go).</summary>
internal sealed record Comparison(FieldSet Added, FieldSet Modified, FieldSet Removed);

/// <summary>
/// The typed operations server-side apply is made of, over JSON with <see cref="FieldType"/> semantics
/// (sigs.k8s.io/structured-merge-diff typed/tofieldset.go, compare.go): the field set of an object and the comparison of
/// two. Atomic lists and maps, scalars and empty containers are leaves. Merge and removal: StructuredMerge.cs.
/// </summary>
internal static partial class Structured
{
    /// <summary>The paths an object sets: leaves, list items, map entries that are not declared fields.</summary>
    public static FieldSet ToFieldSet(JsonObject obj, FieldType type, bool strict)
    {
        var set = new FieldSet();
        Collect(obj, type, [], set, strict);
        return set;
    }

    public static Comparison Compare(JsonObject live, JsonObject next, FieldType type)
    {
        var comparison = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        Compare(Slot.Of(live), Slot.Of(next), type, [], comparison);
        return comparison;
    }

    /// <summary>The path element of a list item, or null when the list is atomic.</summary>
    public static PathElement? ItemElement(FieldType list, JsonNode? item, bool strict, string where)
    {
        switch (list.List)
        {
            case ListKind.Set:
                return PathElement.Value(item);
            case ListKind.Map:
                if (item is not JsonObject obj)
                {
                    return PathElement.Value(item);
                }

                var keys = new List<KeyValuePair<string, JsonNode?>>();
                foreach (var key in list.Keys)
                {
                    var value = obj[key]?.DeepClone() ?? list.KeyDefault(key);
                    if (value is null)
                    {
                        if (strict)
                        {
                            throw new FakeApiException(500, "InternalError",
                                $"failed to create typed patch object: {where}: associative list with keys has an " +
                                $"element that omits key field \"{key}\" (and doesn't have default value)");
                        }

                        continue;
                    }

                    keys.Add(new(key, value));
                }

                return PathElement.Key(keys);
            default:
                return null;
        }
    }

    private static void Collect(JsonNode? node, FieldType type, List<PathElement> path, FieldSet set, bool strict)
    {
        switch (node)
        {
            case JsonObject obj when !type.AtomicMap && obj.Count > 0:
                foreach (var (name, value) in obj)
                {
                    path.Add(PathElement.Field(name));
                    Collect(value, type.Field(name), path, set, strict);
                    if (value is null || value is JsonObject { Count: 0 } || !type.IsStructField(name))
                    {
                        set.Insert(path);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray list when type.List != ListKind.Atomic && list.Count > 0:
                var items = type.Items();
                foreach (var item in list)
                {
                    path.Add(ItemElement(type, item, strict, PathElement.Show(path))!.Value);
                    Collect(item, items, path, set, strict);
                    set.Insert(path);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            default:
                if (path.Count > 0)
                {
                    set.Insert(path);
                }

                break;
        }
    }

    private static bool Granular(JsonNode? node, FieldType type) => node switch
    {
        JsonObject o => !type.AtomicMap && o.Count > 0,
        JsonArray a => type.List != ListKind.Atomic && a.Count > 0,
        _ => false,
    };

    private static void Compare(Slot l, Slot r, FieldType type, List<PathElement> path, Comparison c)
    {
        var sameShape = (l.Node, r.Node) switch
        {
            (JsonObject, JsonObject) or (JsonArray, JsonArray) => true,
            _ => false,
        };
        var descend = l.Present && r.Present
            ? sameShape && (Granular(l.Node, type) || Granular(r.Node, type))
            : Granular(l.Present ? l.Node : r.Node, type);
        if (!descend)
        {
            if (!l.Present)
            {
                c.Added.Insert(path);
            }
            else if (!r.Present)
            {
                c.Removed.Insert(path);
            }
            else if (!JsonNode.DeepEquals(l.Node, r.Node))
            {
                c.Modified.Insert(path);
            }

            return;
        }

        if ((l.Present ? l.Node : r.Node) is JsonObject)
        {
            var lo = l.Node as JsonObject;
            var ro = r.Node as JsonObject;
            var names = (ro?.Select(p => p.Key) ?? []).Concat(lo?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal);
            foreach (var name in names.ToList())
            {
                path.Add(PathElement.Field(name));
                Compare(Slot.Field(lo, name), Slot.Field(ro, name), type.Field(name), path, c);
                path.RemoveAt(path.Count - 1);
            }
        }
        else
        {
            var items = type.Items();
            var left = Index(type, l.Node as JsonArray);
            var right = Index(type, r.Node as JsonArray);
            foreach (var (key, (element, item)) in right)
            {
                path.Add(element);
                Compare(left.TryGetValue(key, out var li) ? Slot.Of(li.Item) : Slot.Absent, Slot.Of(item), items, path, c);
                path.RemoveAt(path.Count - 1);
            }

            foreach (var (key, (element, item)) in left.Where(p => !right.ContainsKey(p.Key)))
            {
                path.Add(element);
                Compare(Slot.Of(item), Slot.Absent, items, path, c);
                path.RemoveAt(path.Count - 1);
            }
        }

        if (!l.Present)
        {
            c.Added.Insert(path);
        }
        else if (!r.Present)
        {
            c.Removed.Insert(path);
        }
    }

    private static Dictionary<string, (PathElement Element, JsonNode? Item)> Index(FieldType type, JsonArray? list)
    {
        // Insertion order is kept by Dictionary as long as nothing is removed; repeated items: the first one counts.
        var index = new Dictionary<string, (PathElement, JsonNode?)>(StringComparer.Ordinal);
        foreach (var item in list ?? [])
        {
            var element = ItemElement(type, item, strict: false, type.Path)!.Value;
            index.TryAdd(element.Encoded, (element, item));
        }

        return index;
    }
}
