using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterGateway.TestSupport;

/// <summary>Converts YAML documents to <see cref="JsonNode"/>s (YAML 1.2 core schema for plain scalars).</summary>
public static class YamlJson
{
    /// <summary>Every non-empty document of a (multi-document) YAML or JSON text.</summary>
    public static IReadOnlyList<JsonNode> ParseDocuments(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw FakeApiException.BadRequest($"error converting YAML to JSON: {e.Message}");
        }

        var documents = new List<JsonNode>();
        foreach (var document in stream.Documents)
        {
            if (Convert(document.RootNode) is { } node)
            {
                // Re-parse so values are JsonElement-backed like HTTP bodies (GetValue<int> works on any number).
                documents.Add(JsonNode.Parse(node.ToJsonString())!);
            }
        }

        return documents;
    }

    /// <summary>A single YAML (or JSON) document as an object.</summary>
    public static JsonObject ParseObject(string yaml)
    {
        var documents = ParseDocuments(yaml);
        return documents.Count == 1 && documents[0] is JsonObject o
            ? o
            : throw FakeApiException.BadRequest("expected a single YAML/JSON object");
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? string.Empty : key.ToString();
                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item));
                }

                return array;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (LooksLikeFloat(value) &&
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    private static bool LooksLikeFloat(string value)
    {
        var digits = false;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (c is not ('.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }

        return digits;
    }
}
