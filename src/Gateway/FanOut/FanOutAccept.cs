namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The Accept a fan-out list sends each cluster: the caller's JSON media ranges (Table parameters such as
/// <c>as=Table;v=v1;g=meta.k8s.io</c> kept, so kubectl still gets its columns), without protobuf or YAML, because
/// the gateway merges the answers as JSON; <c>application/json</c> when nothing JSON is left.
/// </summary>
internal static class FanOutAccept
{
    private const string Json = "application/json";

    /// <summary>Narrows an Accept header value.</summary>
    /// <param name="accept">The caller's Accept (may be empty).</param>
    /// <returns>The Accept to send.</returns>
    public static string Narrow(string accept)
    {
        var kept = new List<string>();
        foreach (var range in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var type = range.Split(';', 2)[0].Trim();
            if (type.Equals(Json, StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(range);
            }
        }

        // A plain JSON fallback keeps a cluster that cannot produce the Table from answering 406.
        if (!kept.Exists(r => r.Equals(Json, StringComparison.OrdinalIgnoreCase)))
        {
            kept.Add(Json);
        }

        return string.Join(',', kept);
    }

    /// <summary>Whether the caller prefers a Table (its first JSON range asks <c>as=Table</c>).</summary>
    /// <param name="accept">The caller's Accept.</param>
    /// <returns>True for a Table.</returns>
    public static bool WantsTable(string accept) =>
        Narrow(accept).Split(',')[0].Contains("as=Table", StringComparison.OrdinalIgnoreCase);
}
