namespace ClusterGateway.TestSupport;

/// <summary>
/// One request the fake API server received. <see cref="User"/> is the authenticated user (null when the request
/// was not authenticated). Header names are lower-case.
/// </summary>
public sealed record RecordedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string[]> Headers,
    string? User,
    DateTimeOffset At)
{
    /// <summary>The authenticated user's groups.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The request target exactly as it arrived (HTTP/1.1 request line or HTTP/2 <c>:path</c>).</summary>
    public string RawTarget { get; init; } = string.Empty;

    /// <summary>HTTP protocol, e.g. <c>HTTP/2</c>.</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>The path without the query string.</summary>
    public string Path
    {
        get
        {
            var q = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? PathAndQuery : PathAndQuery[..q];
        }
    }

    /// <summary>The first value of a header (case-insensitive name), or null.</summary>
    public string? Header(string name) =>
        Headers.TryGetValue(name.ToLowerInvariant(), out var values) && values.Length > 0 ? values[0] : null;

    public override string ToString() => $"{Method} {PathAndQuery} ({User ?? "unauthenticated"})";
}
