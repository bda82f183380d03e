using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Reads a YAML (or JSON, which is YAML) stream of Kubernetes manifests into JSON objects, one per document, the way
/// <c>kubectl apply -f</c> reads a file: plain scalars <c>true</c>/<c>false</c>/<c>null</c>/integers become JSON
/// booleans, null and numbers; everything else, and every quoted scalar, is a string.
/// </summary>
internal static class YamlDocuments
{
    /// <summary>Parses every non-empty document.</summary>
    /// <param name="yaml">The stream text.</param>
    /// <returns>One JSON node per document (objects for manifests).</returns>
    /// <exception cref="YamlException">The text is not YAML; the message carries line and column.</exception>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(d => ToJson(d.RootNode))
            .ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                ?? throw new YamlException(key.Start, key.End, "mapping keys must be scalars");
            result[name] = ToJson(value);
        }

        return result;
    }

    private static JsonNode? ToScalar(YamlScalarNode scalar)
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
