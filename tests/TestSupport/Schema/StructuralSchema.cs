using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// A CRD's <c>openAPIV3Schema</c> read into the parts the API server acts on: the structure (type, properties,
/// additionalProperties, items, the <c>x-kubernetes-*</c> extensions) and the value validations
/// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/structural.go and its conversion to a kube-openapi
/// <c>spec.Schema</c> in pkg/apiserver/validation/validation.go). Unknown keywords are ignored.
/// </summary>
internal sealed class StructuralSchema
{
    private static readonly ConditionalWeakTable<JsonObject, StructuralSchema> Cache = new();

    private static readonly StructuralSchema Empty = new(new JsonObject());

    private StructuralSchema(JsonObject node)
    {
        Type = String(node, "type");
        Nullable = Bool(node, "nullable");
        Format = String(node, "format");
        IntOrString = Bool(node, "x-kubernetes-int-or-string");
        PreserveUnknownFields = Bool(node, "x-kubernetes-preserve-unknown-fields");
        EmbeddedResource = Bool(node, "x-kubernetes-embedded-resource");
        ListType = String(node, "x-kubernetes-list-type");
        ListMapKeys = Strings(node, "x-kubernetes-list-map-keys");
        Required = Strings(node, "required");
        Enum = node["enum"] as JsonArray;
        Default = node["default"];
        Pattern = String(node, "pattern");
        MinLength = Long(node, "minLength");
        MaxLength = Long(node, "maxLength");
        MinItems = Long(node, "minItems");
        MaxItems = Long(node, "maxItems");
        MinProperties = Long(node, "minProperties");
        MaxProperties = Long(node, "maxProperties");
        Minimum = Double(node, "minimum");
        Maximum = Double(node, "maximum");
        ExclusiveMinimum = Bool(node, "exclusiveMinimum");
        ExclusiveMaximum = Bool(node, "exclusiveMaximum");
        MultipleOf = Double(node, "multipleOf");
        UniqueItems = Bool(node, "uniqueItems");
        Properties = (node["properties"] as JsonObject)?
            .Where(p => p.Value is JsonObject)
            .Select(p => KeyValuePair.Create(p.Key, new StructuralSchema((JsonObject)p.Value!)))
            .ToList() ?? [];
        PropertyMap = Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        switch (node["additionalProperties"])
        {
            case JsonObject additional:
                AdditionalProperties = new StructuralSchema(additional);
                break;
            case JsonValue allows when allows.GetValueKind() == JsonValueKind.True:
                AdditionalProperties = Empty;
                break;
            case JsonValue forbids when forbids.GetValueKind() == JsonValueKind.False:
                AdditionalPropertiesForbidden = true;
                break;
        }

        Items = node["items"] is JsonObject items ? new StructuralSchema(items) : null;
        AllOf = Schemas(node, "allOf");
        AnyOf = Schemas(node, "anyOf");
        OneOf = Schemas(node, "oneOf");
        Not = node["not"] is JsonObject not ? new StructuralSchema(not) : null;
    }

    /// <summary><c>type</c>, or null (only allowed with int-or-string, preserve-unknown-fields or in value validations).</summary>
    public string? Type { get; }

    public bool Nullable { get; }

    public string? Format { get; }

    /// <summary><c>x-kubernetes-int-or-string</c>: the value is an integer or a string.</summary>
    public bool IntOrString { get; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>: fields not in <see cref="Properties"/> are kept.</summary>
    public bool PreserveUnknownFields { get; }

    /// <summary><c>x-kubernetes-embedded-resource</c>: apiVersion, kind and metadata are kept and are ObjectMeta.</summary>
    public bool EmbeddedResource { get; }

    /// <summary><c>x-kubernetes-list-type</c>: atomic, set or map (null: atomic).</summary>
    public string? ListType { get; }

    public IReadOnlyList<string> ListMapKeys { get; }

    public IReadOnlyList<string> Required { get; }

    public JsonArray? Enum { get; }

    public JsonNode? Default { get; }

    public string? Pattern { get; }

    public long? MinLength { get; }

    public long? MaxLength { get; }

    public long? MinItems { get; }

    public long? MaxItems { get; }

    public long? MinProperties { get; }

    public long? MaxProperties { get; }

    public double? Minimum { get; }

    public double? Maximum { get; }

    public bool ExclusiveMinimum { get; }

    public bool ExclusiveMaximum { get; }

    public double? MultipleOf { get; }

    public bool UniqueItems { get; }

    /// <summary>The declared properties in schema order (errors are reported in this order).</summary>
    public IReadOnlyList<KeyValuePair<string, StructuralSchema>> Properties { get; }

    public IReadOnlyDictionary<string, StructuralSchema> PropertyMap { get; }

    /// <summary>The schema of undeclared keys (a map), or null. <c>additionalProperties: true</c> is an empty schema.</summary>
    public StructuralSchema? AdditionalProperties { get; }

    /// <summary><c>additionalProperties: false</c>: undeclared keys are pruned.</summary>
    public bool AdditionalPropertiesForbidden { get; }

    public StructuralSchema? Items { get; }

    public IReadOnlyList<StructuralSchema> AllOf { get; }

    public IReadOnlyList<StructuralSchema> AnyOf { get; }

    public IReadOnlyList<StructuralSchema> OneOf { get; }

    public StructuralSchema? Not { get; }

    /// <summary>The types the value may have: <see cref="Type"/>, or integer and string for int-or-string.</summary>
    public IReadOnlyList<string> Types => IntOrString ? ["integer", "string"] : Type is null ? [] : [Type];

    /// <summary>The schema of a property or map value, or null when the key is unknown here.</summary>
    public StructuralSchema? SchemaFor(string key) =>
        PropertyMap.TryGetValue(key, out var property) ? property : AdditionalProperties;

    /// <summary>The parsed schema of a resource (cached per schema object), or null for built-in kinds.</summary>
    public static StructuralSchema? For(FakeResource resource) =>
        resource.Schema is { } schema ? Cache.GetValue(schema, s => new StructuralSchema(s)) : null;

    /// <summary>Compiles <see cref="Pattern"/> (Go RE2 patterns; ECMAScript mode keeps <c>\d</c> and <c>\w</c> ASCII like RE2).</summary>
    public Regex? PatternRegex => _pattern ??= Pattern is null ? null : Compile(Pattern);

    private Regex? _pattern;

    private static Regex Compile(string pattern)
    {
        var timeout = TimeSpan.FromSeconds(1);
        try
        {
            return new Regex(pattern, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        }
    }

    private static string? String(JsonObject node, string key) =>
        node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Bool(JsonObject node, string key) =>
        node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static long? Long(JsonObject node, string key) =>
        node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (long)JsonValues.ToDouble(v) : null;

    private static double? Double(JsonObject node, string key) =>
        node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonValues.ToDouble(v) : null;

    private static IReadOnlyList<string> Strings(JsonObject node, string key) =>
        (node[key] as JsonArray)?.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String)
            .Select(v => v.GetValue<string>()).ToList() ?? [];

    private static IReadOnlyList<StructuralSchema> Schemas(JsonObject node, string key) =>
        (node[key] as JsonArray)?.OfType<JsonObject>().Select(s => new StructuralSchema(s)).ToList() ?? [];
}
