using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// Builds an OpenAPI v3 structural schema (as nested sorted dictionaries, keys in controller-gen's alphabetical
/// order) from a C# model: <c>[JsonPropertyName]</c> names, <c>[Required]</c> → <c>required</c>,
/// <c>[DefaultValue]</c> → <c>default</c>, <c>[AllowedValues]</c> → <c>enum</c>, <c>[MinLength]</c>/<c>[MaxLength]</c>,
/// <c>[RegularExpression]</c> → <c>pattern</c>, <c>[Range]</c> → <c>minimum</c>; XML summaries → <c>description</c>.
/// </summary>
internal sealed class SchemaBuilder(XmlDocs docs)
{
    public SortedDictionary<string, object> ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return Node("string");
        }

        if (type == typeof(int))
        {
            return Node("integer", "int32");
        }

        if (type == typeof(long))
        {
            return Node("integer", "int64");
        }

        if (type == typeof(bool))
        {
            return Node("boolean");
        }

        if (type == typeof(DateTimeOffset))
        {
            return Node("string", "date-time");
        }

        if (type == typeof(JsonElement))
        {
            return new(StringComparer.Ordinal) { ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var items = ForType(type.GetGenericArguments()[0]);
            if (docs.Summary(type.GetGenericArguments()[0]) is { } itemDoc)
            {
                items["description"] = itemDoc;
            }

            var array = Node("array");
            array["items"] = items;
            return array;
        }

        return ForObject(type);
    }

    private SortedDictionary<string, object> ForObject(Type type)
    {
        var properties = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
                || property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null
                || property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } name)
            {
                continue;
            }

            properties[name.Name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name.Name);
            }
        }

        var node = Node("object");
        node["properties"] = properties;
        if (required.Count > 0)
        {
            required.Sort(StringComparer.Ordinal);
            node["required"] = required;
        }

        return node;
    }

    private SortedDictionary<string, object> ForProperty(PropertyInfo property)
    {
        var node = ForType(property.PropertyType);
        if (docs.Summary(property) is { } description)
        {
            node["description"] = description;
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value })
        {
            node["default"] = value;
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            node["enum"] = allowed.Values.Select(v => v!).ToList();
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            node["minLength"] = min.Length;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } max)
        {
            node["maxLength"] = max.Length;
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            node["pattern"] = pattern.Pattern;
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            node["minimum"] = range.Minimum;
        }

        return node;
    }

    private static SortedDictionary<string, object> Node(string type, string? format = null)
    {
        var node = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["type"] = type };
        if (format is not null)
        {
            node["format"] = format;
        }

        return node;
    }
}
