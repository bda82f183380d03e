using System.Text;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// The identity headers kube-aggregator sets on a proxied request (k8s.io/client-go/transport/round_trippers.go
/// <c>SetAuthProxyHeaders</c>): <c>X-Remote-User</c>, one <c>X-Remote-Group</c> line per group,
/// <c>X-Remote-Extra-{key}</c> per extra value with the key percent-encoded where it is not an RFC 7230 token byte
/// (and <c>%</c> itself), then canonicalized like Go's <c>textproto.CanonicalMIMEHeaderKey</c>.
/// </summary>
internal static class AuthProxyHeaders
{
    private const string Tchar = "!#$%&'*+-.^_`|~";

    public static IEnumerable<KeyValuePair<string, string>> For(FakeUser user)
    {
        yield return new("X-Remote-User", user.Name);
        foreach (var group in user.Groups)
        {
            yield return new("X-Remote-Group", group);
        }

        foreach (var (key, values) in user.Extra)
        {
            var name = Canonical("X-Remote-Extra-" + Escape(key));
            foreach (var value in values)
            {
                yield return new(name, value);
            }
        }
    }

    /// <summary>Whether a caller's header is one the aggregator replaces (it never passes the caller's own).</summary>
    public static bool IsIdentityHeader(string name) =>
        name.Equals("X-Remote-User", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Remote-Uid", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("X-Remote-Group", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("X-Remote-Extra-", StringComparison.OrdinalIgnoreCase);

    private static string Escape(string key)
    {
        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var legal = b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || Tchar.Contains((char)b, StringComparison.Ordinal));
            if (legal && b != '%')
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }

    private static string Canonical(string name)
    {
        var chars = name.ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            upper = chars[i] == '-';
        }

        return new string(chars);
    }
}
