using System.Text;
using ClusterGateway.Gateway.Proxy.Connections;

namespace ClusterGateway.Gateway.Tests.Proxy.Connections;

public sealed class RepeatedHeaderStreamTests
{
    [Fact]
    public async Task Write_MarkerLine_BecomesOneLinePerValue()
    {
        var marker = RepeatedHeaderLines.Encode(
        [
            new("Impersonate-Group", "team-a"),
            new("Impersonate-Group", "team, with comma"),
            new("Impersonate-Extra-Scopes", "read"),
        ]);
        var request = $"GET /api HTTP/1.1\r\nHost: c\r\n{RepeatedHeaderLines.HeaderName}: {marker}\r\nAccept: */*\r\n\r\n";

        var written = await WriteAsync(request);

        written.Should().Be("GET /api HTTP/1.1\r\nHost: c\r\nImpersonate-Group: team-a\r\n" +
            "Impersonate-Group: team, with comma\r\nImpersonate-Extra-Scopes: read\r\nAccept: */*\r\n\r\n");
    }

    [Fact]
    public async Task Write_TwoRequestsInOneBuffer_BothExpanded()
    {
        var marker = RepeatedHeaderLines.Encode([new("Impersonate-Group", "a"), new("Impersonate-Group", "b")]);
        var one = $"GET / HTTP/1.1\r\n{RepeatedHeaderLines.HeaderName}: {marker}\r\n\r\n";

        var written = await WriteAsync(one + one);

        written.Should().Be(string.Concat(Enumerable.Repeat("GET / HTTP/1.1\r\nImpersonate-Group: a\r\nImpersonate-Group: b\r\n\r\n", 2)));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nX-Other: value\r\n\r\nbody with \r\n and X-Cluster-Gateway-Lines-FAKE: x\r\n")]
    [InlineData("")]
    public async Task Write_WithoutMarker_PassesThroughByteForByte(string text) =>
        (await WriteAsync(text)).Should().Be(text);

    [Fact]
    public async Task Write_MarkerSplitAcrossWrites_PassesThroughUnexpanded()
    {
        var marker = RepeatedHeaderLines.Encode([new("Impersonate-Group", "a"), new("Impersonate-Group", "b")]);
        var request = $"GET / HTTP/1.1\r\n{RepeatedHeaderLines.HeaderName}: {marker}\r\n\r\n";
        var split = request.Length - 10;
        using var sink = new MemoryStream();
        await using var stream = new RepeatedHeaderStream(sink);

        await stream.WriteAsync(Encoding.Latin1.GetBytes(request[..split]));
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request[split..]));

        // Never a byte held back or reordered; the cluster would just not see the extra lines.
        Encoding.Latin1.GetString(sink.ToArray()).Should().Be(request);
    }

    [Fact]
    public void Decode_LinesWithLineBreaks_AreRejected()
    {
        var forged = RepeatedHeaderLines.Encode([new("Impersonate-Group", "a\r\nImpersonate-User: admin")]);

        var act = () => RepeatedHeaderLines.Decode(Encoding.ASCII.GetBytes(forged));

        act.Should().Throw<FormatException>();
    }

    private static async Task<string> WriteAsync(string text)
    {
        using var sink = new MemoryStream();
        await using var stream = new RepeatedHeaderStream(sink);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        return Encoding.Latin1.GetString(sink.ToArray());
    }
}
