using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// A minimal protobuf (proto3) message writer: varint booleans, length-delimited strings and nested messages
/// (https://protobuf.dev/programming-guides/encoding/). Default values (empty string, false) are not written.
/// Methods return the writer for chaining.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    /// <summary>Writes a string field unless null or empty.</summary>
    /// <param name="field">Field number.</param>
    /// <param name="value">The value.</param>
    /// <returns>This writer.</returns>
    public ProtoWriter String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }

        return this;
    }

    /// <summary>Writes a repeated string field from a JSON array of strings (nothing when absent).</summary>
    /// <param name="field">Field number.</param>
    /// <param name="values">A JSON array or null.</param>
    /// <returns>This writer.</returns>
    public ProtoWriter Strings(int field, JsonNode? values)
    {
        foreach (var value in values?.AsArray() ?? [])
        {
            Bytes(field, Encoding.UTF8.GetBytes((string?)value ?? ""));
        }

        return this;
    }

    /// <summary>Writes a bool field when true.</summary>
    /// <param name="field">Field number.</param>
    /// <param name="value">The value.</param>
    /// <returns>This writer.</returns>
    public ProtoWriter Bool(int field, bool value)
    {
        if (value)
        {
            Varint((ulong)field << 3);
            Varint(1);
        }

        return this;
    }

    /// <summary>Writes a nested message field (also when empty: presence matters for messages).</summary>
    /// <param name="field">Field number.</param>
    /// <param name="message">The nested message.</param>
    /// <returns>This writer.</returns>
    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>The encoded message.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray() => _buffer.ToArray();

    private ProtoWriter Bytes(int field, byte[] value)
    {
        Varint(((ulong)field << 3) | 2);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
