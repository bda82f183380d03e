using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>Field selectors: <c>path=value</c>, <c>path==value</c>, <c>path!=value</c>, comma-separated (ANDed).</summary>
public sealed class FieldSelector
{
    private readonly List<(string Path, string Value, bool Equal)> _requirements;

    private FieldSelector(List<(string Path, string Value, bool Equal)> requirements) => _requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return Everything;
        }

        var requirements = new List<(string, string, bool)>();
        foreach (var part in selector.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var notEqual = part.IndexOf("!=", StringComparison.Ordinal);
            if (notEqual > 0)
            {
                requirements.Add((part[..notEqual].Trim(), part[(notEqual + 2)..].Trim(), false));
                continue;
            }

            var doubleEqual = part.IndexOf("==", StringComparison.Ordinal);
            var equal = part.IndexOf('=', StringComparison.Ordinal);
            if (doubleEqual > 0)
            {
                requirements.Add((part[..doubleEqual].Trim(), part[(doubleEqual + 2)..].Trim(), true));
            }
            else if (equal > 0)
            {
                requirements.Add((part[..equal].Trim(), part[(equal + 1)..].Trim(), true));
            }
            else
            {
                throw FakeApiException.BadRequest($"invalid selector: '{selector}'; can't understand '{part}'");
            }
        }

        return new FieldSelector(requirements);
    }

    /// <summary>The value a <c>metadata.name=x</c> requirement pins, if any.</summary>
    public string? RequiredValue(string path) =>
        _requirements.Where(r => r.Equal && r.Path == path).Select(r => r.Value).FirstOrDefault();

    public bool Matches(JsonObject obj) =>
        _requirements.TrueForAll(r => string.Equals(ObjectMeta.FieldValue(obj, r.Path), r.Value,
            StringComparison.Ordinal) == r.Equal);
}
