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
/// (sigs.k8s.io/structured-merge-diff typed/tofieldset.go, compare.go, merge.go, remove.go): the field set of an object,
/// the comparison of two, the merge of an apply configuration into a live object, and the removal of fields.
/// Atomic lists and maps, scalars and empty containers are leaves.
/// </summary>
internal static class Structured
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

    /// <summary>The live object with the configuration merged in (structured-merge-diff typed/merge.go).</summary>
    public static JsonObject Merge(JsonObject live, JsonObject config, FieldType type) =>
        (JsonObject)Merge(Slot.Of(live), Slot.Of(config), type)!;

    /// <summary>
    /// Removes from <paramref name="obj"/> the paths in <paramref name="remove"/>, except what <paramref name="keep"/>
    /// still holds below them: a removed list item or declared field someone still owns parts of stays with those
    /// parts (and its key fields); one no one owns anything of goes whole.
    /// </summary>
    public static void Remove(JsonObject obj, FieldType type, FieldSet remove, FieldSet keep) =>
        RemoveFrom(obj, type, remove, keep, root: true);

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

    private static JsonNode? Merge(Slot l, Slot r, FieldType type)
    {
        if (!r.Present)
        {
            return l.Node?.DeepClone();
        }

        if (!l.Present)
        {
            return WithoutNulls(r.Node);
        }

        if (l.Node is JsonObject lo && r.Node is JsonObject ro && !type.AtomicMap)
        {
            var result = lo.DeepClone().AsObject();
            foreach (var (name, value) in ro)
            {
                if (value is null)
                {
                    result.Remove(name);
                    continue;
                }

                result[name] = Merge(Slot.Field(lo, name), Slot.Of(value), type.Field(name));
            }

            return result;
        }

        if (l.Node is JsonArray la && r.Node is JsonArray ra && type.List != ListKind.Atomic)
        {
            return MergeList(la, ra, type);
        }

        return WithoutNulls(r.Node);
    }

    /// <summary>Live order for items only the live list has; the configuration's order for the others.</summary>
    private static JsonArray MergeList(JsonArray live, JsonArray config, FieldType type)
    {
        var items = type.Items();
        var left = Index(type, live);
        var right = Index(type, config).ToList();
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        var next = 0;
        void EmitUntil(string? stop)
        {
            while (next < right.Count)
            {
                var (key, (_, item)) = right[next++];
                if (!emitted.Add(key))
                {
                    continue;
                }

                result.Add(Merge(left.TryGetValue(key, out var li) ? Slot.Of(li.Item) : Slot.Absent, Slot.Of(item), items));
                if (key == stop)
                {
                    return;
                }
            }
        }

        var rightKeys = right.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, (_, item)) in left)
        {
            if (!rightKeys.Contains(key))
            {
                result.Add(item?.DeepClone());
            }
            else if (!emitted.Contains(key))
            {
                EmitUntil(key);
            }
        }

        EmitUntil(null);
        return result;
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        var copy = node?.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                foreach (var name in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    o.Remove(name);
                }

                foreach (var (_, v) in o)
                {
                    Strip(v);
                }
            }
            else if (n is JsonArray a)
            {
                foreach (var v in a)
                {
                    Strip(v);
                }
            }
        }
    }

    private static void RemoveFrom(JsonNode? node, FieldType type, FieldSet remove, FieldSet? keep, bool root)
    {
        if (node is JsonObject obj)
        {
            foreach (var (element, removed) in remove.Children.Where(c => c.Element.IsField).ToList())
            {
                var name = element.FieldName;
                if (!obj.ContainsKey(name))
                {
                    continue;
                }

                var kept = keep?.Child(element);
                var system = root && name is "metadata" or "apiVersion" or "kind";
                if (!system && kept is null && (removed.Member || type.IsStructField(name)))
                {
                    obj.Remove(name);
                }
                else
                {
                    RemoveFrom(obj[name], type.Field(name), removed, kept, root: false);
                }
            }
        }
        else if (node is JsonArray list && type.List != ListKind.Atomic)
        {
            var items = type.Items();
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var element = ItemElement(type, list[i], strict: false, type.Path)!.Value;
                if (remove.Child(element) is not { } removed)
                {
                    continue;
                }

                var kept = keep?.Child(element);
                if (removed.Member && kept is null)
                {
                    list.RemoveAt(i);
                }
                else if (list[i] is JsonObject item)
                {
                    var keyFields = new FieldSet();
                    foreach (var key in type.Keys)
                    {
                        keyFields.Insert([PathElement.Field(key)]);
                    }

                    RemoveFrom(item, items, removed.Difference(keyFields), kept, root: false);
                }
            }
        }
    }
}
