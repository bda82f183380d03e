using System.Buffers;
using System.Text;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// The one rule for proxied paths: the path that is authorized is the path that is sent, byte for byte. A proxied
/// sub-path and query are forwarded exactly as received, so anything a server or proxy on the way could read
/// differently from the gateway is refused up front (400) instead of being "cleaned":
/// <list type="bullet">
/// <item>raw characters outside RFC 3986 §3.3 <c>pchar</c> and <c>/</c> in the path (backslash, space, <c>#</c>,
/// <c>"</c>, <c>&lt;</c>, non-ASCII ...), and in the query anything that is not visible ASCII or is <c>#</c>
/// (a fragment never belongs in a request target, RFC 9112 §3.2);</item>
/// <item>malformed percent-encoding (Go's <c>url.ParseRequestURI</c>, which kube-apiserver uses, answers 400 too);</item>
/// <item>per <c>/</c>-separated segment, after percent-decoding: <c>.</c> or <c>..</c> (RFC 3986 §5.2.4 removes them,
/// so <c>System.Uri</c>, Go's <c>path.Clean</c> and most proxies do; Kubernetes forbids them as names too,
/// apimachinery <c>path.ValidatePathSegmentName</c>); a <c>/</c> (<c>%2F</c>: Go decodes it into <c>URL.Path</c> and
/// kube-apiserver's RequestInfo splits on it, other servers do not); a backslash (<c>%5C</c>: Windows-minded servers,
/// and <c>System.Uri</c>, read it as <c>/</c>); control characters (<c>%00</c>, <c>%0A</c> ...); bytes that are not
/// UTF-8; the compatibility characters that Unicode NFKC turns into <c>.</c>, <c>/</c> or <c>\</c>
/// (U+2024, U+2025, U+2026, U+FE52, U+FF0E, U+FE68, U+FF0F, U+FF3C);</item>
/// <item>empty segments (<c>//</c>) other than a trailing slash: nginx and others merge slashes, which would move a
/// namespace into the resource's place.</item>
/// </list>
/// A raw <c>;</c> is kept: Go and kube-apiserver treat it as an ordinary path byte (names may contain it), and the
/// authorization attributes see the same name the cluster parses.
/// </summary>
internal static class ProxyPathRules
{
    // Raw or encoded, a backslash is refused: some servers on the way read it as a slash.
    private const string BackslashProblem = "contains a backslash (raw or %5C), which some servers read as a slash";

    private static readonly SearchValues<char> PathCharacters = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%/");

    private static readonly SearchValues<char> Lookalikes = SearchValues.Create(
        "\u2024\u2025\u2026\uFE52\uFF0E\uFE68\uFF0F\uFF3C");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks a raw sub-path and query.</summary>
    /// <param name="rest">Raw path after <c>/proxy</c>: empty or starting with <c>/</c>.</param>
    /// <param name="query">Raw query with its <c>?</c>, or empty.</param>
    /// <returns><see langword="null"/> when both may be forwarded as they are; otherwise why not, naming the segment
    /// (quoted like Go's <c>%q</c>, so the message itself carries no control characters).</returns>
    public static string? Check(string rest, string query)
    {
        if (InvalidQueryCharacter(query) is { } bad)
        {
            return $"the query must not contain {Describe(bad)}";
        }

        if (rest.Length == 0)
        {
            return null;
        }

        // Segment by segment over the string itself: a clean path allocates nothing.
        var start = 1;
        while (true)
        {
            var end = rest.IndexOf('/', start);
            var isLast = end < 0;
            var segment = rest.AsSpan(start, (isLast ? rest.Length : end) - start);
            if (CheckSegment(segment, isLast) is { } problem)
            {
                return $"segment {ForbiddenStatus.GoQuote(segment.ToString())} of proxy path {ForbiddenStatus.GoQuote(rest)} {problem}";
            }

            if (isLast)
            {
                return null;
            }

            start = end + 1;
        }
    }

    /// <summary>
    /// The first dot segment (<c>.</c>, <c>..</c>, also percent-encoded) of any raw request target, or null. Kestrel
    /// removes them from <c>Request.Path</c> before routing, so such a request would be routed and authorized as
    /// another path than the one the caller sent; kube-apiserver does not remove them either.
    /// </summary>
    /// <param name="rawTarget">The request target as received.</param>
    /// <returns>The raw segment, or <see langword="null"/>.</returns>
    public static string? FindDotSegment(string rawTarget)
    {
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, queryAt);
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.Length is > 0 and <= 6 && segment.ContainsAny('.', '%') && Decode(segment) is "." or "..")
            {
                return segment.ToString();
            }
        }

        return null;
    }

    private static string? CheckSegment(ReadOnlySpan<char> segment, bool isLast)
    {
        if (segment.Length == 0)
        {
            return isLast ? null : "is empty (//)";
        }

        var outside = segment.IndexOfAnyExcept(PathCharacters);
        if (outside >= 0)
        {
            return segment[outside] == '\\'
                ? BackslashProblem
                : $"contains {Describe(segment[outside])}, which must be percent-encoded or not used";
        }

        if (segment is "." or "..")
        {
            return "is a dot segment";
        }

        if (!segment.Contains('%'))
        {
            // Only pchar ASCII is left, none of which is a control character, a backslash or a look-alike.
            return null;
        }

        if (Decode(segment) is not { } decoded)
        {
            return "has malformed percent-encoding or bytes that are not UTF-8";
        }

        if (decoded is "." or "..")
        {
            return "is a dot segment";
        }

        foreach (var c in decoded)
        {
            switch (c)
            {
                case '/':
                    return "contains an encoded slash (%2F)";
                case '\\':
                    return BackslashProblem;
                case var _ when char.IsControl(c):
                    return "contains a control character";
                case var _ when Lookalikes.Contains(c):
                    return $"contains {Describe(c)}, which Unicode normalization turns into a dot or slash";
                default:
                    continue;
            }
        }

        return null;
    }

    /// <summary>
    /// Percent-decodes an ASCII segment strictly: every <c>%</c> starts two hex digits; the bytes must be UTF-8.
    /// Null otherwise (also for raw non-ASCII, which the callers refuse or do not count as dots).
    /// </summary>
    private static string? Decode(ReadOnlySpan<char> segment)
    {
        if (!segment.Contains('%'))
        {
            return segment.ToString();
        }

        var bytes = new byte[segment.Length];
        var length = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] > '\u007f')
            {
                return null;
            }

            if (segment[i] != '%')
            {
                bytes[length++] = (byte)segment[i];
                continue;
            }

            if (i + 2 >= segment.Length || !char.IsAsciiHexDigit(segment[i + 1]) || !char.IsAsciiHexDigit(segment[i + 2]))
            {
                return null;
            }

            bytes[length++] = (byte)((HexValue(segment[i + 1]) << 4) | HexValue(segment[i + 2]));
            i += 2;
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static char? InvalidQueryCharacter(string query)
    {
        foreach (var c in query)
        {
            if (c is <= ' ' or >= '\u007f' or '#')
            {
                return c;
            }
        }

        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\\' => "a backslash",
        ' ' => "a space",
        '#' => "'#'",
        _ when c is > ' ' and < '\u007f' => $"'{c}'",
        _ => $"U+{(int)c:X4}",
    };
}
