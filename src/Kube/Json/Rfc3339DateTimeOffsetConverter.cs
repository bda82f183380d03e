using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Kube.Json;

/// <summary>
/// <c>metav1.Time</c>: written as RFC 3339 in UTC with second precision (<c>2006-01-02T15:04:05Z</c>), read leniently
/// (any ISO 8601 / RFC 3339 form, fractional seconds and offsets included).
/// </summary>
internal sealed class Rfc3339DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonException($"'{text}' is not an RFC 3339 timestamp.");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
