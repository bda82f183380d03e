using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// The subset of kubectl/client-go JSONPath (k8s.io/client-go/util/jsonpath) that CRD printer columns use: fields
/// (<c>.a.b</c>, <c>\.</c> escapes a dot in a name), <c>['name']</c>, indexes <c>[0]</c> (negative from the end),
/// wildcards <c>[*]</c>, and filters <c>[?(@.a.b=="x")]</c>, <c>!=</c>, and existence <c>[?(@.a)]</c>. Missing keys yield
/// no result (apiextensions sets <c>AllowMissingKeys(true)</c>).
/// </summary>
internal sealed class SimpleJsonPath
{
    private readonly IReadOnlyList<Step> _steps;

    private SimpleJsonPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <summary>Parses a path such as <c>.status.conditions[?(@.type=="Available")].status</c> (braces optional).</summary>
    /// <exception cref="FormatException">Not in the supported subset.</exception>
    public static SimpleJsonPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.StartsWith('{') && body.EndsWith('}'))
        {
            body = body[1..^1].Trim();
        }

        var position = 0;
        return new SimpleJsonPath(text, ParseSteps(body, ref position, stopAt: null));
    }

    /// <summary>Every node the path selects, in document order.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step.Apply).ToList();
        }

        return current.ToList();
    }

    private static List<Step> ParseSteps(string text, ref int i, char? stopAt)
    {
        var steps = new List<Step>();
        if (i < text.Length && text[i] == '$')
        {
            i++;
        }

        while (i < text.Length && text[i] != stopAt && !IsOperatorStart(text, i))
        {
            switch (text[i])
            {
                case '@' when steps.Count == 0:
                    i++;
                    break;
                case '.':
                    i++;
                    if (i < text.Length && text[i] == '.')
                    {
                        throw new FormatException($"recursive descent is not supported: {text}");
                    }

                    steps.Add(new FieldStep(ReadName(text, ref i)));
                    break;
                case '[':
                    steps.Add(ParseBracket(text, ref i));
                    break;
                default:
                    throw new FormatException($"unexpected '{text[i]}' at {i} in {text}");
            }
        }

        return steps;
    }

    private static bool IsOperatorStart(string text, int i) =>
        text[i] is '=' or '!' or '<' or '>' or ' ';

    private static string ReadName(string text, ref int i)
    {
        var name = new StringBuilder();
        while (i < text.Length && text[i] is not ('.' or '[' or ')' or '=' or '!' or ' '))
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            name.Append(text[i++]);
        }

        return name.Length == 0 ? throw new FormatException($"empty field name in {text}") : name.ToString();
    }

    private static Step ParseBracket(string text, ref int i)
    {
        var close = i + 1;
        if (text.AsSpan(i).StartsWith("[?("))
        {
            i += 3;
            var path = ParseSteps(text, ref i, stopAt: ')');
            SkipSpaces(text, ref i);
            string? op = null;
            JsonNode? literal = null;
            if (i < text.Length && text[i] != ')')
            {
                op = text.Substring(i, 2);
                if (op is not ("==" or "!="))
                {
                    throw new FormatException($"unsupported filter operator in {text}");
                }

                i += 2;
                SkipSpaces(text, ref i);
                var end = text.IndexOf(')', i);
                literal = ParseLiteral(text[i..end].Trim());
                i = end;
            }

            Expect(text, ref i, ')');
            Expect(text, ref i, ']');
            return new FilterStep(path, op, literal);
        }

        close = text.IndexOf(']', close);
        if (close < 0)
        {
            throw new FormatException($"unclosed '[' in {text}");
        }

        var inside = text[(i + 1)..close].Trim();
        i = close + 1;
        if (inside == "*")
        {
            return new WildcardStep();
        }

        if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
        {
            return new FieldStep(inside[1..^1]);
        }

        return int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            ? new IndexStep(index)
            : throw new FormatException($"unsupported subscript [{inside}] in {text}");
    }

    private static JsonNode? ParseLiteral(string text) =>
        text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0]
            ? JsonValue.Create(text[1..^1])
            : JsonNode.Parse(text);

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
    }

    private static void Expect(string text, ref int i, char c)
    {
        if (i >= text.Length || text[i] != c)
        {
            throw new FormatException($"expected '{c}' at {i} in {text}");
        }

        i++;
    }

    private abstract record Step
    {
        public abstract IEnumerable<JsonNode?> Apply(JsonNode? node);
    }

    private sealed record FieldStep(string Name) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) =>
            node is JsonObject o && o.TryGetPropertyValue(Name, out var value) ? [value] : [];
    }

    private sealed record IndexStep(int Index) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            if (node is not JsonArray a)
            {
                return [];
            }

            var index = Index < 0 ? a.Count + Index : Index;
            return index >= 0 && index < a.Count ? [a[index]] : [];
        }
    }

    private sealed record WildcardStep : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) => node switch
        {
            JsonArray a => a,
            JsonObject o => o.Select(p => p.Value),
            _ => [],
        };
    }

    private sealed record FilterStep(IReadOnlyList<Step> Path, string? Operator, JsonNode? Literal) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node)
        {
            IEnumerable<JsonNode?> items = node switch
            {
                JsonArray a => a,
                JsonObject o => o.Select(p => p.Value),
                _ => [],
            };
            return items.Where(Matches);
        }

        private bool Matches(JsonNode? item)
        {
            IEnumerable<JsonNode?> values = [item];
            foreach (var step in Path)
            {
                values = values.SelectMany(step.Apply).ToList();
            }

            var found = values.ToList();
            return Operator switch
            {
                null => found.Count > 0,
                "==" => found.Any(v => Same(v, Literal)),
                _ => found.Count > 0 && !found.Any(v => Same(v, Literal)),
            };
        }

        private static bool Same(JsonNode? a, JsonNode? b) =>
            a is JsonValue va && b is JsonValue vb && va.GetValueKind() is JsonValueKind.Number &&
            vb.GetValueKind() is JsonValueKind.Number
                ? double.Parse(va.ToJsonString(), CultureInfo.InvariantCulture) ==
                  double.Parse(vb.ToJsonString(), CultureInfo.InvariantCulture)
                : JsonNode.DeepEquals(a, b);
    }
}
