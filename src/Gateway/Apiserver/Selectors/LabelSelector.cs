using System.Text.RegularExpressions;

namespace ClusterGateway.Gateway.Apiserver.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query parameter: comma-separated (AND) requirements <c>key</c>, <c>!key</c>,
/// <c>key=v</c>, <c>key==v</c>, <c>key!=v</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key&gt;n</c>,
/// <c>key&lt;n</c> (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors;
/// grammar of apimachinery <c>pkg/labels/selector.go</c>). Keys must be qualified names, values label values.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<LabelRequirement> _requirements;

    private LabelSelector(List<LabelRequirement> requirements) => _requirements = requirements;

    /// <summary>The empty selector: matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>The requirements, in order.</summary>
    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>Parses <paramref name="selector"/>; on failure returns null and a kube-style message.</summary>
    /// <param name="selector">The query value (null or empty: everything).</param>
    /// <param name="error">e.g. <c>unable to parse requirement: found 'b', expected: '('</c>.</param>
    /// <returns>The selector or null.</returns>
    public static LabelSelector? Parse(string? selector, out string? error)
    {
        error = null;
        var tokens = Tokenize(selector ?? "");
        var requirements = new List<LabelRequirement>();
        var at = 0;
        while (at < tokens.Count)
        {
            var requirement = ParseRequirement(tokens, ref at, out error);
            if (requirement is null)
            {
                error = $"unable to parse requirement: {error}";
                return null;
            }

            requirements.Add(requirement);
            if (at < tokens.Count && tokens[at++] != ",")
            {
                error = $"found '{tokens[at - 1]}', expected: ',' or 'end of string'";
                return null;
            }

            if (at == tokens.Count && tokens[^1] == ",")
            {
                error = "unable to parse requirement: found '', expected: identifier";
                return null;
            }
        }

        return new LabelSelector(requirements);
    }

    /// <summary>Whether <paramref name="labels"/> satisfy every requirement.</summary>
    /// <param name="labels">An object's labels (null: none).</param>
    /// <returns>True when matched.</returns>
    public bool Matches(IReadOnlyDictionary<string, string>? labels) => _requirements.TrueForAll(r => r.Matches(labels));

    private static LabelRequirement? ParseRequirement(List<string> tokens, ref int at, out string? error)
    {
        error = null;
        var negated = tokens[at] == "!";
        if (negated)
        {
            at++;
        }

        var key = at < tokens.Count ? tokens[at++] : "";
        if (!IsIdentifier(key) || !QualifiedName().IsMatch(key) || key.Length > 317)
        {
            error = $"invalid label key \"{key}\": must be a qualified name (an optional DNS subdomain prefix and '/', " +
                "and a name of at most 63 alphanumeric characters, '-', '_' or '.')";
            return null;
        }

        var op = at < tokens.Count ? tokens[at] : ",";
        if (negated || op == ",")
        {
            return new LabelRequirement(key, negated ? LabelOperator.DoesNotExist : LabelOperator.Exists, []);
        }

        at++;
        List<string> values = [];
        if (op is "in" or "notin")
        {
            if (at >= tokens.Count || tokens[at++] != "(")
            {
                error = $"found '{(at <= tokens.Count ? tokens[at - 1] : "")}', expected: '('";
                return null;
            }

            while (at < tokens.Count && tokens[at] != ")")
            {
                if (!IsIdentifier(tokens[at]))
                {
                    error = $"found '{tokens[at]}', expected: ',', ')' or identifier";
                    return null;
                }

                values.Add(tokens[at++]);
                if (at < tokens.Count && tokens[at] == ",")
                {
                    at++;
                }
            }

            if (at++ >= tokens.Count || values.Count == 0)
            {
                error = $"for 'in', 'notin' operators, values set can't be empty or unclosed";
                return null;
            }
        }
        else if (op is "=" or "==" or "!=" or ">" or "<")
        {
            values.Add(at < tokens.Count && IsIdentifier(tokens[at]) ? tokens[at++] : "");
        }
        else
        {
            error = $"found '{op}', expected: in, notin, =, ==, !=, gt, lt";
            return null;
        }

        if (values.Find(v => v.Length > 63 || !LabelValue().IsMatch(v)) is { } bad)
        {
            error = $"invalid label value: \"{bad}\": must be at most 63 alphanumeric characters, '-', '_' or '.', " +
                "starting and ending with an alphanumeric character";
            return null;
        }

        if (op is ">" or "<" && !long.TryParse(values[0], out _))
        {
            error = $"for 'Gt', 'Lt' operators, the value must be an integer";
            return null;
        }

        var kind = op switch
        {
            "=" or "==" => LabelOperator.Equals,
            "!=" => LabelOperator.NotEquals,
            "in" => LabelOperator.In,
            "notin" => LabelOperator.NotIn,
            ">" => LabelOperator.GreaterThan,
            _ => LabelOperator.LessThan,
        };
        return new LabelRequirement(key, kind, values);
    }

    private static bool IsIdentifier(string token) => token is not ("," or "(" or ")" or "!" or "=" or "==" or "!=" or ">" or "<");

    // Splits into identifiers and the symbols , ( ) ! = == != > <; whitespace separates.
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (Match match in Token().Matches(text))
        {
            tokens.Add(match.Value);
        }

        return tokens;
    }

    [GeneratedRegex(@"==|!=|[,()!=<>]|[^\s,()!=<>]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
