using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// Kubernetes label selector syntax: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>,
/// <c>k</c> (exists), <c>!k</c> (does not exist), <c>k&gt;n</c>, <c>k&lt;n</c>; requirements are ANDed.
/// </summary>
public sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements) =>
        _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return Everything;
        }

        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var part in SplitTopLevel(selector))
        {
            requirements.Add(ParseRequirement(part.Trim()));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj) => Matches(ObjectMeta.Labels(obj));

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string text)
    {
        if (text.StartsWith('!'))
        {
            var key = text[1..].Trim();
            return KeyPattern().IsMatch(key) ? labels => !labels.ContainsKey(key) : throw Invalid(text);
        }

        if (SetPattern().Match(text) is { Success: true } set)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries)
                .Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
            return set.Groups["op"].Value == "in"
                ? labels => labels.TryGetValue(key, out var v) && values.Contains(v)
                : labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }

        if (EqualityPattern().Match(text) is { Success: true } eq)
        {
            var key = eq.Groups["key"].Value;
            var value = eq.Groups["value"].Value;
            return eq.Groups["op"].Value switch
            {
                "!=" => labels => !labels.TryGetValue(key, out var v) || v != value,
                ">" => labels => Compare(labels, key, value) > 0,
                "<" => labels => Compare(labels, key, value) < 0,
                _ => labels => labels.TryGetValue(key, out var v) && v == value,
            };
        }

        if (KeyPattern().IsMatch(text))
        {
            return labels => labels.ContainsKey(text);
        }

        throw Invalid(text);
    }

    private static int Compare(IReadOnlyDictionary<string, string> labels, string key, string value) =>
        labels.TryGetValue(key, out var v) &&
        long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual) &&
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : 0;

    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return selector[start..];
    }

    private static FakeApiException Invalid(string text) =>
        FakeApiException.BadRequest($"unable to parse requirement: found '{text}', expected a valid label selector");

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][A-Za-z0-9._/-]*)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][A-Za-z0-9._/-]*)\s*(?<op>==|=|!=|>|<)\s*(?<value>[A-Za-z0-9._-]*)$")]
    private static partial Regex EqualityPattern();
}
