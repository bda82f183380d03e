using System.Text;
using ClusterGateway.Gateway.FanOut;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>A cluster's watch body is untrusted: lines are bounded and must be JSON objects.</summary>
public sealed class FanOutWatchLineReaderTests
{
    [Fact(Timeout = 10_000)]
    public async Task Reads_one_event_per_line_skipping_blank_lines_and_a_last_line_without_newline()
    {
        await using var reader = Reader("{\"type\":\"ADDED\"}\n\r\n{\"type\":\"MODIFIED\"}\n{\"type\":\"DELETED\"}", 100);
        (await reader.ReadAsync(default))!["type"]!.GetValue<string>().Should().Be("ADDED");
        (await reader.ReadAsync(default))!["type"]!.GetValue<string>().Should().Be("MODIFIED");
        (await reader.ReadAsync(default))!["type"]!.GetValue<string>().Should().Be("DELETED");
        (await reader.ReadAsync(default)).Should().BeNull();
    }

    [Theory(Timeout = 10_000)]
    [InlineData("{\"type\":\"ADDED\",\"object\":{\"data\":\"0123456789012345678901234567890123456789\"}}\n", "longer than 50 bytes")]
    [InlineData("{\"type\":\"ADDED\",\"object\":{\"data\":\"01234567890123456789012345678901234567890123", "longer than 50 bytes")]
    [InlineData("[1,2]\n", "not a JSON object")]
    [InlineData("{\"type\":\n", "not valid JSON")]
    public async Task Rejects_long_or_malformed_lines(string body, string reason)
    {
        await using var reader = Reader("{\"type\":\"ADDED\"}\n" + body, 50);
        (await reader.ReadAsync(default)).Should().NotBeNull();
        var read = async () => await reader.ReadAsync(default);
        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain(reason);
    }

    private static FanOutWatchLineReader Reader(string body, int max) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(body)), max);
}
