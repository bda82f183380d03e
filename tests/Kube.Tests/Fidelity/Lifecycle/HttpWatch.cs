using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity.Lifecycle;

/// <summary>A watch over HTTP (one JSON event per line) from a resourceVersion; tests wait on its events.</summary>
internal sealed class HttpWatch : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly List<JsonObject> _seen = [];

    private HttpWatch(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Every event read so far, in order.</summary>
    public IReadOnlyList<JsonObject> Seen => _seen;

    /// <summary>Watches <paramref name="collectionPath"/> (e.g. <c>/api/v1/configmaps</c>) from <paramref name="resourceVersion"/>.</summary>
    public static async Task<HttpWatch> StartAsync(HttpClient client, string collectionPath, long resourceVersion)
    {
        var response = await client.GetAsync($"{collectionPath}?watch=1&resourceVersion={resourceVersion}",
            HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Short, $"watch {collectionPath}");
        response.EnsureSuccessStatusCode();
        return new HttpWatch(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads events until one of <paramref name="type"/> for <paramref name="name"/> arrives; answers its object.</summary>
    public async Task<JsonObject> NextAsync(string type, string name, Func<JsonObject, bool>? predicate = null)
    {
        var what = $"{type} of {name} (seen: {string.Join(", ", _seen.Select(Describe))})";
        while (true)
        {
            var line = await _reader.ReadLineAsync().WaitAsync(TestTimeouts.Default, what) ??
                throw new InvalidOperationException($"the watch ended before {what}");
            var e = JsonNode.Parse(line)!.AsObject();
            _seen.Add(e);
            var obj = e["object"]!.AsObject();
            if (e["type"]!.GetValue<string>() == type && obj["metadata"]?["name"]?.GetValue<string>() == name &&
                (predicate is null || predicate(obj)))
            {
                return obj;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }

    private static string Describe(JsonObject e) =>
        $"{e["type"]} {e["object"]?["metadata"]?["namespace"]}/{e["object"]?["metadata"]?["name"]}";
}
