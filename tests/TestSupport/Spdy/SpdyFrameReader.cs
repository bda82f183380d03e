using System.Buffers.Binary;

namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// Reads SPDY/3 frames from a byte stream (spdy-protocol-draft3 §2.2): an 8-byte header - control bit, version 3 and
/// type, or the data frame's stream id; then flags and a 24-bit length - and the payload. Header blocks go through
/// this connection's <see cref="SpdyHeaderDecompressor"/>. Unknown control frame types come back with their type
/// number and no fields (the draft says to ignore them). One reader per connection, one read at a time.
/// </summary>
internal sealed class SpdyFrameReader(Stream input) : IDisposable
{
    private const uint StreamIdMask = 0x7fffffff;
    private readonly SpdyHeaderDecompressor _decompressor = new();
    private readonly byte[] _header = new byte[8];

    /// <summary>Reads the next frame.</summary>
    /// <param name="cancellationToken">Cancels the read (the stream is then unusable).</param>
    /// <returns>The frame, or null when the stream ended cleanly between frames.</returns>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    /// <exception cref="InvalidDataException">Not SPDY/3.</exception>
    public async Task<SpdyFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        var first = await input.ReadAsync(_header.AsMemory(0, _header.Length), cancellationToken);
        if (first == 0)
        {
            return null;
        }

        await input.ReadExactlyAsync(_header.AsMemory(first), cancellationToken);
        var flags = _header[4];
        var length = (_header[5] << 16) | (_header[6] << 8) | _header[7];
        var payload = new byte[length];
        await input.ReadExactlyAsync(payload, cancellationToken);

        if ((_header[0] & 0x80) == 0)
        {
            var streamId = BinaryPrimitives.ReadUInt32BigEndian(_header) & StreamIdMask;
            return new SpdyFrame(SpdyFrameType.Data, flags, streamId) { Data = payload };
        }

        var version = ((_header[0] & 0x7f) << 8) | _header[1];
        if (version != 3)
        {
            throw new InvalidDataException($"SPDY version {version} is not supported (want 3)");
        }

        var type = (SpdyFrameType)((_header[2] << 8) | _header[3]);
        return ParseControl(type, flags, payload);
    }

    public void Dispose() => _decompressor.Dispose();

    private SpdyFrame ParseControl(SpdyFrameType type, byte flags, byte[] payload) => type switch
    {
        SpdyFrameType.SynStream => new SpdyFrame(type, flags, Word(payload, 0) & StreamIdMask)
        {
            AssociatedStreamId = Word(payload, 4) & StreamIdMask,
            Priority = (byte)(payload[8] >> 5),
            Headers = DecodeHeaders(payload.AsSpan(10)),
        },
        SpdyFrameType.SynReply or SpdyFrameType.Headers =>
            new SpdyFrame(type, flags, Word(payload, 0) & StreamIdMask) { Headers = DecodeHeaders(payload.AsSpan(4)) },
        SpdyFrameType.RstStream or SpdyFrameType.GoAway =>
            new SpdyFrame(type, flags, Word(payload, 0) & StreamIdMask)
            {
                Value = payload.Length >= 8 ? Word(payload, 4) : 0,
            },
        SpdyFrameType.WindowUpdate =>
            new SpdyFrame(type, flags, Word(payload, 0) & StreamIdMask) { Value = Word(payload, 4) & StreamIdMask },
        SpdyFrameType.Ping => new SpdyFrame(type, flags, 0) { Value = Word(payload, 0) },
        SpdyFrameType.Settings => new SpdyFrame(type, flags, 0) { Settings = ParseSettings(payload) },
        _ => new SpdyFrame(type, flags, 0),
    };

    private Dictionary<string, string[]> DecodeHeaders(ReadOnlySpan<byte> compressed) =>
        SpdyHeaderBlock.Decode(_decompressor.Decompress(compressed));

    private static List<KeyValuePair<uint, uint>> ParseSettings(byte[] payload)
    {
        var count = Word(payload, 0);
        var settings = new List<KeyValuePair<uint, uint>>();
        for (var i = 0; i < count && 4 + (i * 8) + 8 <= payload.Length; i++)
        {
            var offset = 4 + (i * 8);
            // 8-bit flags, then a 24-bit id.
            settings.Add(new(Word(payload, offset) & 0x00ffffff, Word(payload, offset + 4)));
        }

        return settings;
    }

    private static uint Word(byte[] payload, int offset) =>
        payload.Length >= offset + 4
            ? BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(offset))
            : throw new InvalidDataException("truncated SPDY control frame");
}
