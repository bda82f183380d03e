using System.Globalization;
using System.Text;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// The <c>Impersonate-*</c> request headers for an <see cref="ImpersonatedIdentity"/>, as client-go's impersonating
/// round tripper writes them (client-go <c>transport/round_trippers.go</c>; kube-apiserver reads them in
/// k8s.io/apiserver <c>pkg/endpoints/filters/impersonation.go</c>):
/// <list type="bullet">
/// <item><c>Impersonate-User</c>; <c>Impersonate-Uid</c> when there is a UID;</item>
/// <item>one <c>Impersonate-Group</c> per group, except <c>system:authenticated</c> and <c>system:unauthenticated</c>,
/// which the managed apiserver adds itself (sending them would need impersonate rights on those groups);</item>
/// <item>one <c>Impersonate-Extra-&lt;key&gt;</c> per extra value, the key escaped by <see cref="EscapeKey"/>.</item>
/// </list>
/// </summary>
internal static class ImpersonationHeaders
{
    /// <summary><c>Impersonate-User</c>.</summary>
    public const string User = "Impersonate-User";

    /// <summary><c>Impersonate-Uid</c>.</summary>
    public const string Uid = "Impersonate-Uid";

    /// <summary><c>Impersonate-Group</c>.</summary>
    public const string Group = "Impersonate-Group";

    /// <summary><c>Impersonate-Extra-</c>.</summary>
    public const string ExtraPrefix = "Impersonate-Extra-";

    /// <summary>Builds the headers, in client-go's order.</summary>
    /// <param name="identity">Who to impersonate.</param>
    /// <returns>Name/value pairs; a name repeats for several groups or extra values.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> For(ImpersonatedIdentity identity)
    {
        var headers = new List<KeyValuePair<string, string>> { new(User, identity.User) };
        if (!string.IsNullOrEmpty(identity.Uid))
        {
            headers.Add(new(Uid, identity.Uid));
        }

        foreach (var group in identity.Groups)
        {
            if (group is not ("system:authenticated" or "system:unauthenticated"))
            {
                headers.Add(new(Group, group));
            }
        }

        foreach (var (key, values) in identity.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var name = ExtraPrefix + EscapeKey(key);
            headers.AddRange(values.Select(value => new KeyValuePair<string, string>(name, value)));
        }

        return headers;
    }

    /// <summary>
    /// client-go's <c>headerKeyEscape</c>: every UTF-8 byte that is not an RFC 7230 token character, and <c>%</c>
    /// itself, becomes <c>%XX</c> (upper-case hex), so <c>acme.com/team</c> becomes <c>acme.com%2Fteam</c>; the
    /// apiserver reverses it with <c>url.PathUnescape</c>.
    /// </summary>
    /// <param name="key">The extra key.</param>
    /// <returns>The header-name suffix.</returns>
    public static string EscapeKey(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            if (IsTokenByte(b) && b != '%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // RFC 7230 tchar (net/http lex.go isTokenTable).
    private static bool IsTokenByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
