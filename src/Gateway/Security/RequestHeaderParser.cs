using System.Text;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Reads the user a front proxy asserts in request headers, exactly like k8s.io/apiserver
/// pkg/authentication/request/headerrequest/requestheader.go (<c>AuthenticateRequest</c>): name = first non-empty
/// first value of the username headers; UID likewise; groups = every non-empty value of every group header, in header
/// order; extras = for each prefix, every header whose name starts with it (case-insensitive): key = the rest of the
/// name lower-cased, then <c>url.PathUnescape</c>d (kept as is when malformed), all values appended. The headers are
/// only read: the proxy never forwards them and the pipeline does not mutate requests.
/// </summary>
internal static class RequestHeaderParser
{
    /// <summary>The asserted user, or <see langword="null"/> when no username header has a value.</summary>
    /// <param name="headers">Request headers.</param>
    /// <param name="config">Which headers to read.</param>
    /// <returns>The user (groups as sent, without <c>system:authenticated</c>).</returns>
    public static KubeUser? Read(IHeaderDictionary headers, RequestHeaderConfig config)
    {
        var name = FirstValue(headers, config.UsernameHeaders);
        if (name is null)
        {
            return null;
        }

        var groups = new List<string>();
        foreach (var header in config.GroupHeaders)
        {
            groups.AddRange(headers[header].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!));
        }

        return new KubeUser(name, FirstValue(headers, config.UidHeaders), groups, Extras(headers, config.ExtraHeaderPrefixes));
    }

    /// <summary>Go's <c>url.PathUnescape</c>: <c>%XX</c> bytes decoded as UTF-8, <c>+</c> kept.</summary>
    /// <param name="escaped">The escaped text.</param>
    /// <param name="value">The unescaped text.</param>
    /// <returns>Whether <paramref name="escaped"/> was well-formed.</returns>
    public static bool TryPathUnescape(string escaped, out string value)
    {
        value = escaped;
        if (!escaped.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(escaped[i].ToString()));
                continue;
            }

            if (i + 2 >= escaped.Length || !Uri.IsHexDigit(escaped[i + 1]) || !Uri.IsHexDigit(escaped[i + 2]))
            {
                return false;
            }

            bytes.Add((byte)((Uri.FromHex(escaped[i + 1]) << 4) | Uri.FromHex(escaped[i + 2])));
            i += 2;
        }

        value = Encoding.UTF8.GetString([.. bytes]);
        return true;
    }

    // requestheader.go headerValue: http.Header.Get returns the first value of a header.
    private static string? FirstValue(IHeaderDictionary headers, IReadOnlyList<string> names)
    {
        foreach (var header in names)
        {
            if (headers[header] is { Count: > 0 } values && !string.IsNullOrEmpty(values[0]))
            {
                return values[0];
            }
        }

        return null;
    }

    private static Dictionary<string, IReadOnlyList<string>> Extras(IHeaderDictionary headers,
        IReadOnlyList<string> prefixes)
    {
        var extras = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var prefix in prefixes)
        {
            foreach (var (headerName, values) in headers)
            {
                if (!headerName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var encoded = headerName[prefix.Length..].ToLowerInvariant();
                var key = TryPathUnescape(encoded, out var unescaped) ? unescaped : encoded;
                if (!extras.TryGetValue(key, out var list))
                {
                    extras[key] = list = [];
                }

                list.AddRange(values.Select(v => v ?? ""));
            }
        }

        return extras.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);
    }
}
