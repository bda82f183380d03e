using System.Globalization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// One range of an <c>Accept</c> header, e.g. <c>application/json;as=Table;v=v1;g=meta.k8s.io</c>
/// (RFC 9110 §12.5.1; Kubernetes adds the <c>g</c>, <c>v</c> and <c>as</c> parameters, apiserver
/// <c>pkg/endpoints/handlers/negotiation</c>). Parameter names are case-insensitive, values are compared as sent.
/// </summary>
/// <param name="MediaType">Type and subtype, e.g. <c>application/json</c>.</param>
/// <param name="Parameters">Parameters other than <c>q</c> (quotes removed).</param>
/// <param name="Quality">The <c>q</c> weight, 1 when absent.</param>
internal sealed record MediaRange(string MediaType, IReadOnlyDictionary<string, string> Parameters, double Quality)
{
    /// <summary>
    /// Every range of the given header lines (several lines are joined) that may be chosen (<c>q</c> &gt; 0), by
    /// descending <c>q</c> and then in header order; <paramref name="present"/> tells whether any range was sent.
    /// </summary>
    /// <param name="accept">The Accept header values.</param>
    /// <param name="present">False when no range was sent at all (then anything is acceptable).</param>
    /// <returns>The candidate ranges in preference order.</returns>
    public static IReadOnlyList<MediaRange> ParseAccept(IEnumerable<string?> accept, out bool present)
    {
        var ranges = accept.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            .Where(range => range.Length > 0)
            .Select(Parse)
            .ToList();
        present = ranges.Count > 0;
        return [.. ranges.Where(range => range.Quality > 0).OrderByDescending(range => range.Quality)];
    }

    /// <summary>Whether the type is <c>application/json</c> (case-insensitive).</summary>
    public bool IsJson => MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the type is <c>application/json</c>, <c>application/*</c> or <c>*/*</c>.</summary>
    public bool MatchesJson =>
        IsJson || MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase) || MediaType == "*/*";

    /// <summary>A parameter's value, or null.</summary>
    /// <param name="name">Parameter name, e.g. <c>as</c>.</param>
    /// <returns>The value.</returns>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    private static MediaRange Parse(string range)
    {
        var parts = range.Split(';', StringSplitOptions.TrimEntries);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parameters[parameter[..equals].Trim()] = parameter[(equals + 1)..].Trim().Trim('"');
            }
        }

        var quality = parameters.Remove("q", out var q) &&
            double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1.0;
        return new MediaRange(parts[0], parameters, quality);
    }
}
