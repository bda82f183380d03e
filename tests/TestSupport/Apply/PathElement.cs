using System.Globalization;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>
/// One step of a field path as server-side apply names it (sigs.k8s.io/structured-merge-diff fieldpath/element.go):
/// a field (<c>f:name</c>, shown <c>.name</c>), a list-map item by its key values (<c>k:{"name":"a"}</c>, shown
/// <c>[name="a"]</c>) or a set item by value (<c>v:"a"</c>, shown <c>[="a"]</c>).
/// </summary>
/// <param name="Encoded">The FieldsV1 key (also the identity).</param>
/// <param name="Display">The form in conflict messages.</param>
internal readonly record struct PathElement(string Encoded, string Display)
{
    /// <summary>Fields sort before keys, keys before values (fieldpath.PathElement.Compare).</summary>
    public int Order => Encoded[0] switch { 'f' => 0, 'k' => 1, 'v' => 2, _ => 3 };

    public bool IsField => Encoded.StartsWith("f:", StringComparison.Ordinal);

    /// <summary>The field name of an <c>f:</c> element.</summary>
    public string FieldName => Encoded[2..];

    public static PathElement Field(string name) => new("f:" + name, "." + name);

    /// <summary>A list-map item; key fields sorted by name, values compact JSON.</summary>
    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> keys)
    {
        var sorted = keys.OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        var json = new JsonObject();
        foreach (var (name, value) in sorted)
        {
            json[name] = value?.DeepClone();
        }

        return new PathElement("k:" + json.ToJsonString(),
            "[" + string.Join(",", sorted.Select(k => k.Key + "=" + Scalar(k.Value))) + "]");
    }

    public static PathElement Value(JsonNode? value) => new("v:" + Scalar(value), "[=" + Scalar(value) + "]");

    /// <summary>Reads a FieldsV1 key (<c>f:</c>, <c>k:</c>, <c>v:</c>, <c>i:</c>).</summary>
    public static PathElement Parse(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.StartsWith("f:", StringComparison.Ordinal))
        {
            return Field(encoded[2..]);
        }

        if (encoded.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(encoded[2..]) is JsonObject key)
        {
            return Key(key.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
        }

        if (encoded.StartsWith("v:", StringComparison.Ordinal))
        {
            return Value(JsonNode.Parse(encoded[2..]));
        }

        if (encoded.StartsWith("i:", StringComparison.Ordinal))
        {
            return new PathElement(encoded, "[" + encoded[2..] + "]");
        }

        throw new FormatException($"unknown path element {encoded}");
    }

    /// <summary>A path as conflict messages show it, e.g. <c>.spec.template.spec.containers[name="a"].image</c>.</summary>
    public static string Show(IEnumerable<PathElement> path) => string.Concat(path.Select(p => p.Display));

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<double>(out var d) && v.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    public override string ToString() => Display;
}
