using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>A raw watch response read line by line: each line must be one JSON watch event.</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _stop = new();

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/>; returns once the headers arrived (the server flushes them first).</summary>
    public static async Task<WatchStream> OpenAsync(ApiTestServer server, string path, string? accept = null)
    {
        var response = await server.SendAsync(HttpMethod.Get, path, accept, HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TestTimeouts.Short);
        var stream = await response.Content.ReadAsStreamAsync();
        return new WatchStream(response, new StreamReader(stream));
    }

    /// <summary>Opens <paramref name="path"/> with <paramref name="client"/> (e.g. a gateway's); returns after the headers.</summary>
    public static async Task<WatchStream> OpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Short);
        var stream = await response.Content.ReadAsStreamAsync();
        return new WatchStream(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        var line = await _reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(timeout ?? TestTimeouts.Short);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>The next <paramref name="count"/> events; fails when the stream ends or sends an ERROR first.</summary>
    public async Task<List<JsonObject>> ReadAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<JsonObject>(count);
        while (events.Count < count)
        {
            var next = await NextAsync(timeout);
            next.Should().NotBeNull("the stream ended after {0} of {1} events", events.Count, count);
            Type(next!).Should().NotBe("ERROR", next!.ToJsonString());
            events.Add(next);
        }

        return events;
    }

    /// <summary>The next event that is not a BOOKMARK.</summary>
    public async Task<JsonObject?> NextChangeAsync()
    {
        while (await NextAsync() is { } next)
        {
            if (Type(next) != "BOOKMARK")
            {
                return next;
            }
        }

        return null;
    }

    public static string Type(JsonObject watchEvent) => watchEvent["type"]!.GetValue<string>();

    public static string Name(JsonObject watchEvent) => watchEvent["object"]!["metadata"]!["name"]!.GetValue<string>();

    public static string ResourceVersion(JsonObject watchEvent) =>
        watchEvent["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>();

    /// <summary><c>TYPE name</c>, for compact assertions.</summary>
    public static string Describe(JsonObject watchEvent) => $"{Type(watchEvent)} {Name(watchEvent)}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _stop.Dispose();
    }
}
