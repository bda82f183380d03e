using System.Globalization;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// The head of an HTTP/1.1 response from an aggregated API server, and its body framed as RFC 9112 section 6.3 says:
/// none for HEAD, 1xx, 204 and 304; chunked; <c>Content-Length</c>; else until the connection closes.
/// </summary>
internal sealed class BackendResponse
{
    private BackendResponse(int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        StatusCode = statusCode;
        Headers = headers;
    }

    public int StatusCode { get; }

    /// <summary>Header lines in arrival order (a header sent on two lines is two entries).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>Reads the status line and headers (skipping interim 1xx answers other than 101).</summary>
    /// <exception cref="IOException">The connection closed early or the head is malformed.</exception>
    public static async Task<BackendResponse> ReadAsync(BackendConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var statusLine = await connection.ReadLineAsync(cancellationToken)
                ?? throw new IOException("EOF");
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                throw new IOException($"malformed HTTP response \"{statusLine}\"");
            }

            var headers = new List<KeyValuePair<string, string>>();
            while (await connection.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new IOException($"malformed MIME header line: {line}");
                }

                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }

            if (status is >= 100 and < 200 && status != 101)
            {
                continue;
            }

            return new BackendResponse(status, headers);
        }
    }

    /// <summary>The body as a read-only stream over <paramref name="connection"/>.</summary>
    public Stream Body(BackendConnection connection, string method)
    {
        if (string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) || StatusCode is < 200 or 204 or 304)
        {
            return Stream.Null;
        }

        if (Values("Transfer-Encoding").Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            return new ChunkedBodyStream(connection);
        }

        if (Values("Content-Length").FirstOrDefault() is { } length &&
            long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            return new LengthBodyStream(connection, bytes);
        }

        return new LengthBodyStream(connection, long.MaxValue);
    }
}
