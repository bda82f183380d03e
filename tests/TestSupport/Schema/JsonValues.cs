using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Schema;

/// <summary>
/// JSON values seen as the Kubernetes JSON decoder sees them: a number without fraction or exponent is an int64, any
/// other a float64 (k8s.io/apimachinery/pkg/util/json), and equality compares numbers by value.
/// </summary>
internal static class JsonValues
{
    /// <summary>The OpenAPI type name of a value: object, array, string, integer, number, boolean or null.</summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsIntegerLiteral(node.AsValue()) ? "integer" : "number",
            _ => "null",
        },
    };

    /// <summary>The number as a double (integers beyond 2^53 lose precision, as they would in a float64).</summary>
    public static double ToDouble(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>True for a literal the decoder turns into an int64 (<c>3</c>, not <c>3.0</c> or <c>3e0</c>).</summary>
    public static bool IsIntegerLiteral(JsonValue value)
    {
        var text = value.ToJsonString();
        return text.IndexOfAny(['.', 'e', 'E']) < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out _);
    }

    /// <summary>A number as Go's <c>%v</c> prints it: an int64 in decimal, a float64 as <c>strconv 'g'</c> shortest.</summary>
    public static string FormatNumber(JsonValue value) =>
        IsIntegerLiteral(value) ? value.ToJsonString() : FormatFloat(ToDouble(value));

    /// <summary>Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c>: shortest digits, exponent form when the decimal exponent is below -4 or at least 6 (strconv/ftoa.go).</summary>
    public static string FormatFloat(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value == 0 ? "0" : value.ToString(CultureInfo.InvariantCulture);
        }

        // Shortest round-trip digits and the decimal exponent, then Go's %g layout rule (eprec is 6 when shortest).
        var r = Math.Abs(value).ToString("E16", CultureInfo.InvariantCulture);
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = int.Parse(r[(r.IndexOf('E', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
        var digits = new string(shortest.Split('E')[0].Where(char.IsDigit).ToArray()).TrimStart('0').TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        if (exponent < 0)
        {
            return sign + "0." + new string('0', -exponent - 1) + digits;
        }

        return digits.Length <= exponent + 1
            ? sign + digits + new string('0', exponent + 1 - digits.Length)
            : sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>Deep equality where <c>1</c> and <c>1.0</c> are equal (Go compares the decoded values).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) &&
                    DeepEquals(p.Value, other));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => DeepEquals(p.First, p.Second));
            case (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number &&
                                                 y.GetValueKind() == JsonValueKind.Number:
                return ToDouble(x) == ToDouble(y);
            case (JsonValue x, JsonValue y):
                return JsonNode.DeepEquals(x, y);
            default:
                return false;
        }
    }
}
