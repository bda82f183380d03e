using System.Text.Json.Nodes;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>A fan-out watch response read line by line (each line one JSON event).</summary>
internal sealed class FanOutStream : IAsyncDisposable
{
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _stop = new();

    private FanOutStream(HttpResponseMessage response, StreamReader reader)
    {
        Response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response { get; }

    public static async Task<FanOutStream> OpenAsync(HttpResponseMessage response) =>
        new(response, new StreamReader(await response.Content.ReadAsStreamAsync()));

    /// <summary>The next event, or null when the stream ended.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        var line = await _reader.ReadLineAsync(_stop.Token).AsTask()
            .WaitAsync(timeout ?? TestTimeouts.Short, "the next fan-out watch event");
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>The next event that is not a BOOKMARK; fails at the end of the stream.</summary>
    public async Task<JsonObject> NextChangeAsync()
    {
        while (true)
        {
            var next = await NextAsync();
            next.Should().NotBeNull("the stream should go on");
            if (Type(next!) != "BOOKMARK")
            {
                return next!;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> changes, keyed <c>cluster/name</c>.</summary>
    public async Task<Dictionary<string, JsonObject>> ReadChangesAsync(int count)
    {
        var events = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        while (events.Count < count)
        {
            var next = await NextChangeAsync();
            Type(next).Should().NotBe("ERROR", next.ToJsonString());
            events.Add($"{Cluster(next)}/{Name(next)}", next);
        }

        return events;
    }

    public static string Type(JsonObject e) => e["type"]!.GetValue<string>();

    public static string Name(JsonObject e) => e["object"]!["metadata"]!["name"]!.GetValue<string>();

    public static string Cluster(JsonObject e) =>
        e["object"]!["metadata"]!["annotations"]![ClusterVector.ClusterNameAnnotation]!.GetValue<string>();

    public static string ResourceVersion(JsonObject e) => e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>();

    /// <summary>The event's vector, decoded.</summary>
    public static Dictionary<string, string> Vector(JsonObject e)
    {
        ClusterVector.TryDecode(ResourceVersion(e), out var positions).Should().BeTrue(ResourceVersion(e));
        return positions!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _reader.Dispose();
        Response.Dispose();
        _stop.Dispose();
    }
}
