using System.Security.Cryptography;
using System.Text;
using ClusterGateway.TestSupport.Spdy;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>The fake's SPDY/3 framing and its zlib header compression (libz via P/Invoke), without kubectl.</summary>
public sealed class SpdyFramingTests
{
    private static readonly KeyValuePair<string, string>[] StreamHeaders =
        [new("streamType", "data"), new("port", "8080"), new("requestID", "0")];

    [Fact]
    public void Dictionary_Spdy3_Is1423BytesStartingWithOptions()
    {
        SpdyDictionary.Bytes.Should().HaveCount(1423);
        SpdyDictionary.Bytes.Take(11).Should().Equal(0, 0, 0, 7, (byte)'o', (byte)'p', (byte)'t', (byte)'i',
            (byte)'o', (byte)'n', (byte)'s');
        Encoding.ASCII.GetString(SpdyDictionary.Bytes[^7..]).Should().Be(",enq=0.");
    }

    [Fact]
    public void Compress_SeveralBlocks_RoundTripThroughOneZlibStreamPerDirection()
    {
        using var compressor = new SpdyHeaderCompressor();
        using var decompressor = new SpdyHeaderDecompressor();
        var blocks = new[]
        {
            SpdyHeaderBlock.Encode(StreamHeaders),
            SpdyHeaderBlock.Encode([]),
            SpdyHeaderBlock.Encode([new("streamType", "error"), new("x-many", "a"), new("x-many", "b")]),
            SpdyHeaderBlock.Encode([new("x-large", Convert.ToBase64String(RandomNumberGenerator.GetBytes(30_000)))]),
        };

        var compressed = blocks.Select(b => compressor.Compress(b)).ToList();
        var restored = compressed.Select(c => decompressor.Decompress(c)).ToList();

        restored.Should().HaveCount(blocks.Length);
        for (var i = 0; i < blocks.Length; i++)
        {
            restored[i].Should().Equal(blocks[i]);
        }

        // The zlib header announces the preset dictionary (FDICT) by its Adler-32 (RFC 1950 §2.2).
        (compressed[0][1] & 0x20).Should().Be(0x20);
        compressed[0].AsSpan(2, 4).ToArray().Should().Equal(Adler32BigEndian(SpdyDictionary.Bytes));
        SpdyHeaderBlock.Decode(restored[2])["X-Many"].Should().Equal("a", "b");
    }

    [Fact]
    public void Decompress_Garbage_ThrowsInvalidData()
    {
        using var decompressor = new SpdyHeaderDecompressor();

        var act = () => decompressor.Decompress([0x12, 0x34, 0x56, 0x78]);

        act.Should().Throw<InvalidDataException>();
    }

    [Fact(Timeout = 10_000)]
    public async Task Frames_EveryType_RoundTripThroughWriterAndReader()
    {
        using var wire = new MemoryStream();
        await using (var writer = new SpdyFrameWriter(wire))
        {
            await writer.WriteSynStreamAsync(1, SpdyFrame.FlagFin, StreamHeaders, CancellationToken.None);
            await writer.WriteSynReplyAsync(1, 0, [new("status", "ok")], CancellationToken.None);
            await writer.WriteDataAsync(3, Encoding.ASCII.GetBytes("payload"), fin: true, CancellationToken.None);
            await writer.WriteRstStreamAsync(5, 5, CancellationToken.None);
            await writer.WriteSettingsAsync([new(SpdyFrame.SettingInitialWindowSize, 1 << 20)], CancellationToken.None);
            await writer.WritePingAsync(7, CancellationToken.None);
            await writer.WriteGoAwayAsync(9, 0, CancellationToken.None);
            await writer.WriteWindowUpdateAsync(11, 4096, CancellationToken.None);
        }

        wire.Position = 0;
        using var reader = new SpdyFrameReader(wire);
        var frames = new List<SpdyFrame>();
        while (await reader.ReadAsync(CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        frames.Select(f => (f.Type, f.StreamId, f.Value)).Should().Equal(
            (SpdyFrameType.SynStream, 1u, 0u), (SpdyFrameType.SynReply, 1u, 0u), (SpdyFrameType.Data, 3u, 0u),
            (SpdyFrameType.RstStream, 5u, 5u), (SpdyFrameType.Settings, 0u, 0u), (SpdyFrameType.Ping, 0u, 7u),
            (SpdyFrameType.GoAway, 9u, 0u), (SpdyFrameType.WindowUpdate, 11u, 4096u));
        frames[0].IsFin.Should().BeTrue();
        frames[0].Header("STREAMTYPE").Should().Be("data");
        frames[0].Header("requestid").Should().Be("0");
        frames[1].Header("status").Should().Be("ok");
        Encoding.ASCII.GetString(frames[2].Data.Span).Should().Be("payload");
        frames[2].IsFin.Should().BeTrue();
        frames[4].Settings.Should().ContainSingle().Which.Should().Be(new KeyValuePair<uint, uint>(7, 1 << 20));
    }

    private static byte[] Adler32BigEndian(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        var sum = (b << 16) | a;
        return [(byte)(sum >> 24), (byte)(sum >> 16), (byte)(sum >> 8), (byte)sum];
    }
}
