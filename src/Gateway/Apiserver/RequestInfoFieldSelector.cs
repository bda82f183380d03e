using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The part of apimachinery pkg/fields/selector.go that <see cref="RequestInfoParser"/> needs: parse a field selector
/// (<c>a=b,c==d,e!=f</c>, values escaped with <c>\\</c>, <c>\,</c>, <c>\=</c>) and find the value a field must equal
/// (<c>RequiresExactMatch</c>). A selector that does not parse requires nothing.
/// </summary>
internal static class RequestInfoFieldSelector
{
    private static readonly string[] Operators = ["!=", "==", "="];

    /// <summary>The value <paramref name="field"/> must equal, like Go's <c>Selector.RequiresExactMatch</c>.</summary>
    /// <param name="selector">The raw selector.</param>
    /// <param name="field">Field path, e.g. <c>metadata.name</c>.</param>
    /// <param name="value">The unescaped value of the first (in sorted term order) <c>=</c>/<c>==</c> term.</param>
    /// <returns>Whether the selector parses and has such a term.</returns>
    public static bool TryGetExactMatch(string selector, string field, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var terms = SplitTerms(selector);
        terms.Sort(StringComparer.Ordinal);
        string? found = null;
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var lhs, out var op, out var rhs) || !TryUnescape(rhs, out var unescaped))
            {
                return false;
            }

            if (found is null && op != "!=" && lhs == field)
            {
                found = unescaped;
            }
        }

        value = found;
        return found is not null;
    }

    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        if (selector.Length == 0)
        {
            return terms;
        }

        var start = 0;
        var inSlash = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (inSlash)
            {
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }

        terms.Add(selector[start..]);
        return terms;
    }

    private static bool TrySplitTerm(string term, out string lhs, out string op, out string rhs)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in Operators)
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    (lhs, op, rhs) = (term[..i], candidate, term[(i + candidate.Length)..]);
                    return true;
                }
            }
        }

        (lhs, op, rhs) = ("", "", "");
        return false;
    }

    private static bool TryUnescape(string escaped, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var builder = new StringBuilder(escaped.Length);
        var inSlash = false;
        foreach (var c in escaped)
        {
            if (inSlash)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    return false;
                }

                builder.Append(c);
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c is ',' or '=')
            {
                return false;
            }
            else
            {
                builder.Append(c);
            }
        }

        if (inSlash)
        {
            return false;
        }

        value = builder.ToString();
        return true;
    }
}
