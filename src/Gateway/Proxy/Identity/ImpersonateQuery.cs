namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// The proxy's own query parameter <c>impersonate</c> (upstream <c>ClusterGatewayProxyOptions.Impersonate</c>,
/// <c>values.Get("impersonate") == "true"</c>). Upstream forwarded it to the cluster; we remove it (every occurrence,
/// the rest of the query untouched byte for byte): it is an instruction to the gateway, and behind
/// <c>services/.../proxy</c>, <c>pods/.../proxy</c> or an aggregated API it would reach a server that may reject or
/// misread it.
/// </summary>
internal static class ImpersonateQuery
{
    /// <summary>The parameter name.</summary>
    public const string Name = "impersonate";

    /// <summary>Whether the first <c>impersonate</c> value is exactly <c>true</c>.</summary>
    /// <param name="query">Raw query, with or without the leading <c>?</c>.</param>
    /// <returns><see langword="true"/> when impersonation is requested.</returns>
    public static bool IsRequested(string query)
    {
        if (!MayContain(query))
        {
            return false;
        }

        foreach (var (key, value) in Pairs(query))
        {
            if (key == Name)
            {
                return value == "true";
            }
        }

        return false;
    }

    /// <summary>The query without any <c>impersonate</c> parameter.</summary>
    /// <param name="query">Raw query including the leading <c>?</c>, or empty.</param>
    /// <returns>The raw query (leading <c>?</c> kept when something remains), or empty.</returns>
    public static string Without(string query)
    {
        if (!MayContain(query))
        {
            return query;
        }

        var parts = Split(query);
        var kept = parts.Where(p => Decode(KeyOf(p)) != Name).ToList();
        if (kept.Count == parts.Count)
        {
            return query;
        }

        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }

    // Without the name spelled out or any percent-escape, no key can decode to it: the usual query costs one scan.
    private static bool MayContain(string query) =>
        query.Contains(Name, StringComparison.Ordinal) || query.Contains('%', StringComparison.Ordinal);

    private static IEnumerable<(string Key, string Value)> Pairs(string query) => Split(query).Select(part =>
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (Decode(part), "") : (Decode(part[..equals]), Decode(part[(equals + 1)..]));
    });

    private static List<string> Split(string query) =>
        [.. query.TrimStart('?').Split('&').Where(p => p.Length > 0)];

    private static string KeyOf(string part)
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? part : part[..equals];
    }

    // Go url.QueryUnescape: '+' is a space, then %XX (malformed escapes are kept as they are).
    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
