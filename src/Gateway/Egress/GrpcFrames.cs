using System.Buffers.Binary;
using Google.Protobuf;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// gRPC length-prefixed messages over an HTTP/2 stream (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md):
/// 1 byte compressed flag (always 0 here), 4 bytes big-endian length, then the protobuf message.
/// </summary>
internal static class GrpcFrames
{
    /// <summary>Largest message accepted (gRPC's default receive limit, 4 MiB).</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Writes one message and flushes, so it leaves at once.</summary>
    /// <param name="stream">The request or response body.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the frame is flushed.</returns>
    public static async Task WriteAsync(Stream stream, IMessage message, CancellationToken cancellationToken)
    {
        var size = message.CalculateSize();
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)size);
        message.WriteTo(frame.AsSpan(5));
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one message.</summary>
    /// <typeparam name="T">Message type.</typeparam>
    /// <param name="stream">The body to read.</param>
    /// <param name="parser">The message parser.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message, or <see langword="null"/> at a clean end of stream.</returns>
    /// <exception cref="InvalidDataException">A compressed, oversized or truncated frame.</exception>
    public static async Task<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var header = new byte[5];
        var read = await stream.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < 5)
        {
            throw new InvalidDataException("gRPC stream ended inside a frame header");
        }

        if (header[0] != 0)
        {
            throw new InvalidDataException("compressed gRPC frames are not supported (no grpc-encoding was offered)");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxMessageSize)
        {
            throw new InvalidDataException($"gRPC message of {length} bytes exceeds the {MaxMessageSize}-byte limit");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return parser.ParseFrom(body);
    }
}
