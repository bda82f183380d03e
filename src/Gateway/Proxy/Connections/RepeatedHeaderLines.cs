using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// Sends a header as several lines. HttpClient joins the values of one header into a single comma-separated line
/// (HTTP/1.1 and HTTP/2 alike), but kube-apiserver reads each <c>Impersonate-Group</c> (and <c>Impersonate-Extra-*</c>)
/// line as one value (k8s.io/apiserver pkg/endpoints/filters/impersonation.go), so <c>a, b</c> would be one group.
/// The request carries the lines packed into one private marker header (<see cref="HeaderName"/>, with a per-process
/// random suffix) and is sent over HTTP/1.1; <see cref="RepeatedHeaderStream"/>, installed as the connection's
/// plaintext filter, rewrites the marker line into the real lines on the wire.
/// </summary>
internal static class RepeatedHeaderLines
{
    /// <summary>The marker header's name: unguessable, so no caller or body can forge or collide with it.</summary>
    public static readonly string HeaderName = "X-Cluster-Gateway-Lines-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>The bytes that start the marker line on the wire.</summary>
    internal static readonly byte[] LineStart = Encoding.ASCII.GetBytes("\r\n" + HeaderName + ": ");

    /// <summary>Packs header lines into the marker's value (base64url of a JSON array of [name, value]).</summary>
    /// <param name="lines">The lines, in order.</param>
    /// <returns>The marker value (ASCII, no separators).</returns>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> lines)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(lines.Select(l => new[] { l.Key, l.Value }).ToArray());
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Unpacks a marker value into HTTP/1.1 header lines, each starting with CRLF.</summary>
    /// <param name="value">The marker value.</param>
    /// <returns>The lines' bytes (<c>\r\nName: value</c> per line).</returns>
    /// <exception cref="FormatException">The value was not produced by <see cref="Encode"/>.</exception>
    public static byte[] Decode(ReadOnlySpan<byte> value)
    {
        var text = Encoding.ASCII.GetString(value).Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var pairs = JsonSerializer.Deserialize<string[][]>(Convert.FromBase64String(text))
            ?? throw new FormatException("empty header lines marker");
        var lines = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (pair is not [var name, var headerValue] || name.AsSpan().IndexOfAny("\r\n:") >= 0 ||
                headerValue.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new FormatException("malformed header line in marker");
            }

            lines.Append("\r\n").Append(name).Append(": ").Append(headerValue);
        }

        return Encoding.Latin1.GetBytes(lines.ToString());
    }
}
