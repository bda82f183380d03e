using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// OpenAPI value validation of a custom resource against its structural schema, with kube-openapi's messages
/// (k8s.io/kube-openapi/pkg/validation/validate and errors/schema.go) turned into field errors as
/// k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go does, e.g.
/// <c>spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"</c>.
/// </summary>
/// <remarks>
/// Checked: <c>type</c> (an integral number is an integer), <c>nullable</c>, <c>x-kubernetes-int-or-string</c>,
/// <c>enum</c>, <c>pattern</c>, <c>minLength</c>/<c>maxLength</c> (characters), <c>format</c> date-time, date, byte
/// and uuid, <c>minimum</c>/<c>maximum</c> (and exclusive), <c>multipleOf</c>, <c>minItems</c>/<c>maxItems</c>,
/// <c>uniqueItems</c>, <c>minProperties</c>/<c>maxProperties</c>, <c>required</c>, <c>items</c>,
/// <c>additionalProperties</c>, <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>/<c>not</c>. On update, errors inside a value
/// equal to the old one are dropped (validation ratcheting, pkg/apiserver/validation/ratcheting.go): properties
/// correlate by name, items only in <c>x-kubernetes-list-type: map</c> lists, by their keys.
/// </remarks>
internal static partial class SchemaValidator
{
    /// <summary>Validates a whole resource; <paramref name="old"/> (null on create) enables ratcheting.</summary>
    public static List<FieldError> Validate(JsonObject obj, StructuralSchema schema, JsonObject? old) =>
        ValidateNode(obj, schema, "", old is null ? null : new Old(old));

    private static List<FieldError> ValidateNode(JsonNode? value, StructuralSchema schema, string path, Old? old)
    {
        var errors = Check(value, schema, path, old);
        return errors.Count > 0 && old is { } o && JsonValues.DeepEquals(o.Value, value) ? [] : errors;
    }

    private static List<FieldError> Check(JsonNode? value, StructuralSchema schema, string path, Old? old)
    {
        var errors = new List<FieldError>();
        var field = FieldOf(path);
        var types = schema.Types;
        if (value is null)
        {
            if (types.Count > 0 && !schema.Nullable)
            {
                errors.Add(FieldError.TypeInvalid(field, "null",
                    $"{path} in body must be of type {string.Join(",", types)}: \"null\""));
            }

            CheckEnum(value, schema, field, errors);
            return errors;
        }

        var typeName = JsonValues.TypeName(value);
        CheckType(value, schema, path, typeName, errors);
        CheckCombinators(value, schema, path, errors);
        switch (value)
        {
            case JsonValue v when typeName == "string":
                CheckString(v.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue v when typeName is "integer" or "number":
                CheckNumber(v, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, old, errors);
                break;
        }

        CheckEnum(value, schema, field, errors);
        if (value is JsonObject obj)
        {
            CheckObject(obj, schema, path, old, errors);
        }

        return errors;
    }

    private static void CheckType(JsonNode value, StructuralSchema schema, string path, string typeName,
        List<FieldError> errors)
    {
        var types = schema.Types;
        if (types.Count == 0)
        {
            return;
        }

        var integral = typeName == "number" &&
            Math.Floor(JsonValues.ToDouble(value.AsValue())) == JsonValues.ToDouble(value.AsValue());
        var matches = types.Contains(typeName) || (integral && types.Contains("integer")) ||
            (typeName == "integer" && types.Contains("number"));
        var numeric = types.Contains("number") || types.Contains("integer");
        var format = schema.Format ?? "";
        var scalarOrObject = typeName is not ("string" or "array");
        if (scalarOrObject && format.Length > 0)
        {
            // kube-openapi's typeValidator names the format, and the data's Go format, when the type does not match.
            var dataFormat = typeName switch { "integer" => "int64", "number" => "float64", _ => "" };
            if (!matches && dataFormat != format)
            {
                errors.Add(FieldError.TypeInvalid(FieldOf(path), dataFormat,
                    $"{path} in body must be of type {format}: \"{dataFormat}\""));
                return;
            }
        }

        if ((!numeric && format.Length > 0 && !scalarOrObject) || matches)
        {
            return;
        }

        errors.Add(FieldError.TypeInvalid(FieldOf(path), typeName,
            $"{path} in body must be of type {string.Join(",", types)}: \"{typeName}\""));
    }

    private static void CheckCombinators(JsonNode value, StructuralSchema schema, string path,
        List<FieldError> errors)
    {
        if (schema.AnyOf.Count > 0)
        {
            List<FieldError>? best = null;
            foreach (var alternative in schema.AnyOf)
            {
                var result = Check(value, alternative, path, null);
                if (result.Count == 0)
                {
                    best = null;
                    break;
                }

                best ??= result;
            }

            if (best is not null)
            {
                errors.Add(FieldError.Invalid("<nil>", "", $"\"{path}\" must validate at least one schema (anyOf)"));
                errors.AddRange(best);
            }
        }

        if (schema.OneOf.Count > 0)
        {
            var results = schema.OneOf.Select(s => Check(value, s, path, null)).ToList();
            var valid = results.Count(r => r.Count == 0);
            if (valid != 1)
            {
                errors.Add(FieldError.Invalid("<nil>", "",
                    $"\"{path}\" must validate one and only one schema (oneOf). " +
                    (valid == 0 ? "Found none valid" : $"Found {valid} valid alternatives")));
                if (valid == 0)
                {
                    errors.AddRange(results[0]);
                }
            }
        }

        if (schema.AllOf.Count > 0)
        {
            var results = schema.AllOf.Select(s => Check(value, s, path, null)).ToList();
            var valid = results.Count(r => r.Count == 0);
            errors.AddRange(results.SelectMany(r => r));
            if (valid != results.Count)
            {
                errors.Add(FieldError.Invalid("<nil>", "",
                    $"\"{path}\" must validate all the schemas (allOf){(valid == 0 ? ". None validated" : "")}"));
            }
        }

        if (schema.Not is { } not && Check(value, not, path, null).Count == 0)
        {
            errors.Add(FieldError.Invalid("<nil>", "", $"\"{path}\" must not validate the schema (not)"));
        }
    }

    private static void CheckString(string text, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var field = FieldOf(path);
        var length = text.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldError.TooLong(field, max));
        }
        else if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldError.Invalid(field, text, $"{path} in body should be at least {min} chars long"));
        }
        else if (schema.PatternRegex is { } regex && !Matches(regex, text))
        {
            errors.Add(FieldError.Invalid(field, text, $"{path} in body should match '{schema.Pattern}'"));
        }

        if (schema.Format is { } format && !StringFormats.IsValid(format, text))
        {
            errors.Add(FieldError.TypeInvalid(field, text,
                $"{path} in body must be of type {format}: {FieldError.GoQuote(text)}"));
        }
    }

    private static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static void CheckNumber(JsonValue value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var field = FieldOf(path);
        var number = JsonValues.ToDouble(value);
        var integer = JsonValues.IsIntegerLiteral(value);
        if (schema.MultipleOf is { } factor && factor > 0 && Math.Abs(Math.IEEERemainder(number, factor)) > 1e-9)
        {
            errors.Add(FieldError.Invalid(field, value,
                $"{path} in body should be a multiple of {Bound(factor, integer)}"));
        }

        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
        {
            errors.Add(FieldError.Invalid(field, value, $"{path} in body should be less than " +
                $"{(schema.ExclusiveMaximum ? "" : "or equal to ")}{Bound(max, integer)}"));
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
        {
            errors.Add(FieldError.Invalid(field, value, $"{path} in body should be greater than " +
                $"{(schema.ExclusiveMinimum ? "" : "or equal to ")}{Bound(min, integer)}"));
        }
    }

    private static string Bound(double bound, bool integerData) =>
        integerData && Math.Floor(bound) == bound && Math.Abs(bound) < 9.2e18
            ? ((long)bound).ToString(CultureInfo.InvariantCulture)
            : JsonValues.FormatFloat(bound);

    private static void CheckArray(JsonArray array, StructuralSchema schema, string path, Old? old,
        List<FieldError> errors)
    {
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var itemOld = old?.Value is JsonArray oldArray ? ListTypeValidator.Correlate(schema, array[i], oldArray) : null;
                errors.AddRange(ValidateNode(array[i], items, $"{path}[{i}]", itemOld));
            }
        }

        var field = FieldOf(path);
        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldError.Invalid(field, array.Count,
                $"{path} in body should have at least {min} items"));
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldError.TooMany(field, array.Count, max));
        }

        if (schema.UniqueItems && array.Select((a, i) => array.Skip(i + 1).Any(b => JsonValues.DeepEquals(a, b)))
                .Any(d => d))
        {
            errors.Add(FieldError.Invalid(field, "", $"{path} in body shouldn't contain duplicates"));
        }
    }

    private static void CheckEnum(JsonNode? value, StructuralSchema schema, string field, List<FieldError> errors)
    {
        if (schema.Enum is not { Count: > 0 } allowed || allowed.Any(a => JsonValues.DeepEquals(a, value)))
        {
            return;
        }

        errors.Add(FieldError.NotSupported(field, value, allowed.Select(a =>
            a is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? s.GetValue<string>()
                : a?.ToJsonString() ?? "null")));
    }

    private static void CheckObject(JsonObject obj, StructuralSchema schema, string path, Old? old,
        List<FieldError> errors)
    {
        var field = FieldOf(path);
        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldError.Invalid(field, obj.Count, $"{path} in body should have at least {min} properties"));
        }

        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add(FieldError.TooMany(field, obj.Count, max));
        }

        var oldObject = old?.Value as JsonObject;
        if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, value) in obj.Where(p => !schema.PropertyMap.ContainsKey(p.Key)))
            {
                errors.AddRange(ValidateNode(value, additional, path + "." + key, Child(oldObject, key)));
            }
        }

        foreach (var (key, property) in schema.Properties)
        {
            if (obj.TryGetPropertyValue(key, out var value))
            {
                errors.AddRange(ValidateNode(value, property, path.Length == 0 ? key : path + "." + key,
                    path.Length == 0 && key is "apiVersion" or "kind" ? null : Child(oldObject, key)));
            }
        }

        foreach (var key in schema.Required.Where(k => !obj.ContainsKey(k)))
        {
            errors.Add(FieldError.Required(FieldOf(path + "." + key)));
        }
    }

    private static Old? Child(JsonObject? oldObject, string key) =>
        oldObject is not null && oldObject.TryGetPropertyValue(key, out var value) ? new Old(value) : null;

    /// <summary>The field path of a kube-openapi error name: the leading "." dropped, the root is <c>&lt;nil&gt;</c>.</summary>
    private static string FieldOf(string path) =>
        path.Length == 0 || path == "." ? "<nil>" : path.StartsWith('.') ? path[1..] : path;

    /// <summary>The correlated old value of a node (present, possibly null).</summary>
    internal sealed record Old(JsonNode? Value);

    /// <summary>strfmt's checks for the cheap formats; every other format passes.</summary>
    private static class StringFormats
    {
        public static bool IsValid(string format, string text) => format switch
        {
            "date-time" => DateTimeShape().IsMatch(text) && DateTimeOffset.TryParse(text.Replace(' ', 'T'),
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            "date" => DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out _),
            "byte" => IsBase64(text),
            "uuid" => Guid.TryParseExact(text, "D", out _) || Guid.TryParseExact(text, "N", out _),
            _ => true,
        };

        private static bool IsBase64(string text)
        {
            var buffer = new byte[text.Length];
            return Convert.TryFromBase64String(text, buffer, out _);
        }
    }

    /// <summary>The layouts strfmt's <c>ParseDateTime</c> accepts (RFC 3339 and its ISO 8601 relatives).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DateTimeShape();
}
