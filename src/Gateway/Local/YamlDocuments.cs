using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Reads a YAML (or JSON, which is YAML) stream of Kubernetes manifests into JSON objects, one per document, the way
/// <c>kubectl apply -f</c> reads a file: plain scalars <c>true</c>/<c>false</c>/<c>null</c>/integers become JSON
/// booleans, null and numbers; everything else, and every quoted scalar, is a string. The text is untrusted: it is
/// parsed by <see cref="StrictYamlParser"/> (no anchors, aliases or merge keys; at most
/// <see cref="StrictYamlParser.MaxDepth"/> levels), so its cost is bounded by its length.
/// </summary>
internal static class YamlDocuments
{
    /// <summary>Parses every non-empty document.</summary>
    /// <param name="yaml">The stream text.</param>
    /// <returns>One JSON node per document (objects for manifests).</returns>
    /// <exception cref="YamlException">The text is not YAML, or uses what <see cref="StrictYamlParser"/> refuses;
    /// the message carries line and column.</exception>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var parser = new StrictYamlParser(yaml);
        parser.Consume<StreamStart>();
        var documents = new List<JsonNode?>();
        while (!parser.TryConsume<StreamEnd>(out _))
        {
            parser.Consume<DocumentStart>();
            var empty = parser.Accept<Scalar>(out var scalar) && string.IsNullOrEmpty(scalar.Value);
            var node = ReadNode(parser);
            parser.Consume<DocumentEnd>();
            if (!empty)
            {
                documents.Add(node);
            }
        }

        return documents;
    }

    // Recursion is bounded by StrictYamlParser.MaxDepth.
    private static JsonNode? ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return ToScalar(scalar);
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser));
            }

            return array;
        }

        parser.Consume<MappingStart>();
        var result = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Current!;
            var name = parser.TryConsume<Scalar>(out var keyScalar)
                ? keyScalar.Value
                : throw new YamlException(key.Start, key.End, "mapping keys must be scalars");
            result[name] = ReadNode(parser);
        }

        return result;
    }

    private static JsonNode? ToScalar(Scalar scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
