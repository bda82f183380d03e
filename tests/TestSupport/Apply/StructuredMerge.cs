using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>
/// Merging an apply configuration into a live object and removing fields (sigs.k8s.io/structured-merge-diff
/// typed/merge.go, remove.go).
/// </summary>
internal static partial class Structured
{
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
