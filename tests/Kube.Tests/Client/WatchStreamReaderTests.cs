using ClusterGateway.Kube.Models.Core;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Tests.Client;

public sealed class WatchStreamReaderTests
{
    [Fact(Timeout = 30_000)]
    public async Task Read_Lines_YieldsEventsAndSkipsJunk()
    {
        var body = string.Join('\n',
            FakeServers.Event("ADDED", "ns", "a", "1"),
            "{broken",
            "[1,2]",
            """{"type":"ADDED","object":"not an object"}""",
            """{"type":"NEW_KIND","object":{}}""",
            "   ",
            FakeServers.Bookmark("2"),
            FakeServers.Event("DELETED", "ns", "a", "3")) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));

        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in WatchStreamReader.ReadAsync<ConfigMap>(stream, "test", NullLogger.Instance, CancellationToken.None))
        {
            events.Add(e);
        }

        events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion)).Should()
            .Equal((WatchEventType.Added, "1"), (WatchEventType.Bookmark, "2"), (WatchEventType.Deleted, "3"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_LastLineWithoutNewline_IsStillRead()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(FakeServers.Event("MODIFIED", "ns", "a", "9")));

        var events = new List<WatchEvent<JsonObject>>();
        await foreach (var e in WatchStreamReader.ReadAsync<JsonObject>(stream, "test", NullLogger.Instance, CancellationToken.None))
        {
            events.Add(e);
        }

        events.Should().ContainSingle().Which.Type.Should().Be(WatchEventType.Modified);
    }

    [Fact]
    public void Parse_ErrorWithoutStatusShape_ThrowsInternalError()
    {
        var act = () => WatchStreamReader.Parse<JsonObject>("""{"type":"ERROR","object":{"foo":1}}""", "test", NullLogger.Instance);

        var error = act.Should().Throw<KubeApiException>().Which;
        error.Code.Should().Be(500);
        error.Status.Message.Should().Contain("\"foo\":1");
    }

    [Fact]
    public void Parse_ErrorExpiredWithoutCode_IsGone()
    {
        var act = () => WatchStreamReader.Parse<JsonObject>(
            """{"type":"ERROR","object":{"kind":"Status","reason":"Expired","message":"too old"}}""", "test", NullLogger.Instance);

        act.Should().Throw<KubeApiException>().Which.IsGone.Should().BeTrue();
    }
}
