using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>
/// A set of field paths as a tree (sigs.k8s.io/structured-merge-diff fieldpath/set.go): a node is a member when its own
/// path is in the set; children by path element. Serialized as FieldsV1: <c>{"f:spec":{"f:replicas":{}},".":{}}</c>
/// (<c>.</c> marks a member that also has children). Empty nodes are never kept.
/// </summary>
internal sealed class FieldSet
{
    private readonly Dictionary<string, (PathElement Element, FieldSet Set)> _children = new(StringComparer.Ordinal);

    public bool Member { get; private set; }

    public bool IsEmpty => !Member && _children.Count == 0;

    /// <summary>Children in FieldsV1 order: fields, then keys, then values; ordinal within each.</summary>
    public IEnumerable<(PathElement Element, FieldSet Set)> Children =>
        _children.Values.OrderBy(c => c.Element.Order).ThenBy(c => c.Element.Encoded, StringComparer.Ordinal);

    public FieldSet? Child(PathElement element) =>
        _children.TryGetValue(element.Encoded, out var child) ? child.Set : null;

    public void Insert(IReadOnlyList<PathElement> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element.Encoded, out var child))
            {
                child = (element, new FieldSet());
                node._children[element.Encoded] = child;
            }

            node = child.Set;
        }

        node.Member = true;
    }

    public bool Has(IReadOnlyList<PathElement> path)
    {
        var node = Node(path);
        return node is { Member: true };
    }

    public FieldSet? Node(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public FieldSet Union(FieldSet other) => Combine(this, other, (a, b) => a || b);

    /// <summary>Members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other) => Combine(this, other, (a, b) => a && !b);

    public FieldSet Intersection(FieldSet other) => Combine(this, other, (a, b) => a && b);

    /// <summary>Every member path, in FieldsV1 order.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Members()
    {
        var results = new List<IReadOnlyList<PathElement>>();
        Collect(this, [], results);
        return results;
    }

    public FieldSet Clone() => Union(new FieldSet());

    /// <summary>The FieldsV1 JSON of this set.</summary>
    public JsonObject ToFieldsV1()
    {
        var json = new JsonObject();
        if (Member && _children.Count > 0)
        {
            json["."] = new JsonObject();
        }

        foreach (var (element, set) in Children)
        {
            json[element.Encoded] = set.ToFieldsV1();
        }

        return json;
    }

    /// <summary>Reads FieldsV1 JSON; a bad key throws <see cref="FormatException"/>.</summary>
    public static FieldSet FromFieldsV1(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var set = new FieldSet();
        foreach (var (key, value) in json)
        {
            if (key == ".")
            {
                set.Member = true;
                continue;
            }

            var element = PathElement.Parse(key);
            var child = value is JsonObject inner ? FromFieldsV1(inner) : new FieldSet();
            if (child._children.Count == 0)
            {
                child.Member = true;
            }

            set._children[element.Encoded] = (element, child);
        }

        return set;
    }

    private static FieldSet Combine(FieldSet? left, FieldSet? right, Func<bool, bool, bool> member)
    {
        var result = new FieldSet { Member = member(left?.Member ?? false, right?.Member ?? false) };
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (left is not null)
        {
            keys.UnionWith(left._children.Keys);
        }

        if (right is not null)
        {
            keys.UnionWith(right._children.Keys);
        }

        foreach (var key in keys)
        {
            (PathElement Element, FieldSet Set)? l = left is not null && left._children.TryGetValue(key, out var a) ? a : null;
            (PathElement Element, FieldSet Set)? r = right is not null && right._children.TryGetValue(key, out var b) ? b : null;
            var child = Combine(l?.Set, r?.Set, member);
            if (!child.IsEmpty)
            {
                result._children[key] = ((l ?? r)!.Value.Element, child);
            }
        }

        return result;
    }

    private static void Collect(FieldSet node, List<PathElement> prefix, List<IReadOnlyList<PathElement>> results)
    {
        if (node.Member)
        {
            results.Add([.. prefix]);
        }

        foreach (var (element, set) in node.Children)
        {
            prefix.Add(element);
            Collect(set, prefix, results);
            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
