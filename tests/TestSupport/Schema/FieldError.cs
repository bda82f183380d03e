using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// One validation error, as apimachinery's <c>field.Error</c> (k8s.io/apimachinery/pkg/util/validation/field/errors.go):
/// <see cref="ToString"/> is <c>field: body</c>, e.g. <c>spec.egress.type: Unsupported value: "Foo": supported values:
/// "Direct", "ClusterProxy"</c>.
/// </summary>
/// <param name="Type">The error type.</param>
/// <param name="Field">The field path, e.g. <c>spec.containers[0].name</c> (empty for errors about the whole object).</param>
/// <param name="BadValue">The offending value already rendered as Go's <c>ErrorBody</c> does (<c>"text"</c> quoted,
/// numbers and booleans bare, anything else JSON), or null when the type prints no value.</param>
/// <param name="Detail">Text after the value, or empty.</param>
internal sealed record FieldError(FieldErrorType Type, string Field, string? BadValue, string Detail)
{
    /// <summary>The cause <c>reason</c> of a Status (metav1.CauseType, e.g. <c>FieldValueRequired</c>).</summary>
    public string CauseType => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => "InternalError",
    };

    /// <summary>The message without the field (the cause's <c>message</c>): <c>ErrorBody()</c>.</summary>
    public string Body
    {
        get
        {
            var text = Type switch
            {
                FieldErrorType.NotFound => "Not found",
                FieldErrorType.Required => "Required value",
                FieldErrorType.Duplicate => "Duplicate value",
                FieldErrorType.NotSupported => "Unsupported value",
                FieldErrorType.Forbidden => "Forbidden",
                FieldErrorType.TooLong => "Too long",
                FieldErrorType.TooMany => "Too many",
                _ => "Invalid value",
            };
            var printsValue = Type is not (FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong);
            if (printsValue && BadValue is not null)
            {
                text += ": " + BadValue;
            }

            return Detail.Length == 0 ? text : text + ": " + Detail;
        }
    }

    public override string ToString() => $"{Field}: {Body}";

    public static FieldError Required(string field, string detail = "") =>
        new(FieldErrorType.Required, field, null, detail);

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new(FieldErrorType.Invalid, field, Render(value), detail);

    public static FieldError TypeInvalid(string field, JsonNode? value, string detail) =>
        new(FieldErrorType.TypeInvalid, field, Render(value), detail);

    public static FieldError Duplicate(string field, JsonNode? value) =>
        new(FieldErrorType.Duplicate, field, Render(value), "");

    /// <summary><c>field.NotSupported</c>: the supported values Go-quoted and joined with ", ".</summary>
    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported)
    {
        var quoted = supported.Select(GoQuote).ToList();
        return new(FieldErrorType.NotSupported, field, Render(value),
            quoted.Count == 0 ? "" : "supported values: " + string.Join(", ", quoted));
    }

    /// <summary><c>field.TooLong</c> as the CRD validator calls it (the limit counts characters, the text says bytes).</summary>
    public static FieldError TooLong(string field, long max) =>
        new(FieldErrorType.TooLong, field, null,
            max >= 0 ? $"may not be more than {max} {(max == 1 ? "byte" : "bytes")}" : "value is too long");

    public static FieldError TooMany(string field, long actual, long max) =>
        new(FieldErrorType.TooMany, field, actual.ToString(CultureInfo.InvariantCulture),
            $"must have at most {max} {(max == 1 ? "item" : "items")}");

    /// <summary>A value as Go's <c>ErrorBody</c> prints it: strings <c>%q</c>, scalars <c>%v</c>, the rest JSON.</summary>
    public static string Render(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => GoQuote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValues.FormatNumber(v),
        _ => value.ToJsonString(),
    };

    /// <summary>Go's <c>strconv.Quote</c> for the strings that occur here (printable text kept, controls escaped).</summary>
    public static string GoQuote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (Rune.IsControl(rune))
                    {
                        builder.Append(rune.Value < 0x80
                            ? $"\\x{rune.Value:x2}"
                            : $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

/// <summary>apimachinery's <c>field.ErrorType</c>.</summary>
internal enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    TypeInvalid,
}
