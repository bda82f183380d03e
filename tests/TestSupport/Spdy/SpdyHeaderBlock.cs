using System.Buffers.Binary;
using System.Text;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// The uncompressed SPDY/3 name/value header block (spdy-protocol-draft3 §2.6.10): a 32-bit pair count, then per
/// pair a 32-bit length and the lower-case name, a 32-bit length and the value (several values joined by NUL).
/// </summary>
internal static class SpdyHeaderBlock
{
    /// <summary>Encodes headers; names are lower-cased (Go's framer rejects anything else).</summary>
    /// <param name="headers">Name and value pairs; a repeated name is sent once with its values joined.</param>
    /// <returns>The block.</returns>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var grouped = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join('\0', g.Select(h => h.Value))))
            .ToList();
        using var buffer = new MemoryStream();
        WriteInt(buffer, grouped.Count);
        foreach (var (name, value) in grouped)
        {
            WriteString(buffer, name);
            WriteString(buffer, value);
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes a block into case-insensitive headers.</summary>
    /// <param name="block">The decompressed block.</param>
    /// <returns>Header name to values.</returns>
    /// <exception cref="InvalidDataException">The block is truncated or malformed.</exception>
    public static Dictionary<string, string[]> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var count = ReadInt(ref block);
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(ref block);
            var value = ReadString(ref block);
            headers[name] = value.Split('\0');
        }

        return headers;
    }

    private static void WriteInt(MemoryStream buffer, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteString(MemoryStream buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt(buffer, bytes.Length);
        buffer.Write(bytes);
    }

    private static int ReadInt(ref ReadOnlySpan<byte> block)
    {
        if (block.Length < 4)
        {
            throw new InvalidDataException("truncated SPDY header block");
        }

        var value = BinaryPrimitives.ReadInt32BigEndian(block);
        block = block[4..];
        return value >= 0 ? value : throw new InvalidDataException("negative length in SPDY header block");
    }

    private static string ReadString(ref ReadOnlySpan<byte> block)
    {
        var length = ReadInt(ref block);
        if (block.Length < length)
        {
            throw new InvalidDataException("truncated SPDY header block");
        }

        var value = Encoding.UTF8.GetString(block[..length]);
        block = block[length..];
        return value;
    }
}
