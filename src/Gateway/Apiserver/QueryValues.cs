using Microsoft.AspNetCore.WebUtilities;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The first value of a query parameter, from a parsed <see cref="IQueryCollection"/> or straight from the raw query
/// string (decoded as <see cref="QueryHelpers"/> and Go's <c>url.ParseQuery</c> do: <c>+</c> is a space, then
/// percent-decoding), so a parse that reads two parameters does not build a dictionary of all of them.
/// </summary>
/// <param name="Collection">The parsed query, or null to read <paramref name="Raw"/>.</param>
/// <param name="Raw">The raw query, with or without its leading <c>?</c>.</param>
internal readonly record struct QueryValues(IQueryCollection? Collection, string? Raw)
{
    /// <summary>The first value of <paramref name="key"/>, or null when absent.</summary>
    /// <param name="key">Parameter name (plain ASCII, compared after decoding the raw names).</param>
    /// <returns>The decoded value; empty for <c>?key</c> and <c>?key=</c>.</returns>
    public string? First(string key)
    {
        if (Collection is not null)
        {
            return Collection[key] is { Count: > 0 } values ? values[0] ?? "" : null;
        }

        var query = Raw.AsSpan();
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            if (name.SequenceEqual(key) || (name.ContainsAny('%', '+') && Decode(name) == key))
            {
                return equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private static string Decode(ReadOnlySpan<char> text) =>
        text.ContainsAny('%', '+') ? Uri.UnescapeDataString(text.ToString().Replace('+', ' ')) : text.ToString();
}
