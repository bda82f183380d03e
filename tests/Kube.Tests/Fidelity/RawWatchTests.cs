using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>The watch protocol on the wire (what informers rely on).</summary>
public sealed class RawWatchTests
{
    [Fact(Timeout = 60_000)]
    public async Task Watch_from_a_compacted_resource_version_gets_a_410_error_event()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        server.Store.Put(FakeResource.ConfigMaps, ConfigMap("a"));
        var old = server.Store.ResourceVersion;
        server.Store.Put(FakeResource.ConfigMaps, ConfigMap("b"));
        server.Store.Compact();
        using var client = server.CreateClient();

        using var response = await client.GetAsync(
            $"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={old}",
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "the ERROR event");

        var e = JsonNode.Parse(line!)!;
        e["type"]!.GetValue<string>().Should().Be("ERROR");
        e["object"]!["kind"]!.GetValue<string>().Should().Be("Status");
        e["object"]!["code"]!.GetValue<int>().Should().Be(410);
        e["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_streams_initial_and_later_events_one_per_line()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        server.Store.Put(FakeResource.ConfigMaps, ConfigMap("first"));
        using var client = server.CreateClient(httpVersion: System.Net.HttpVersion.Version20);

        using var response = await client.GetAsync(
            "/api/v1/namespaces/default/configmaps?watch=1&labelSelector=app%3Dx",
            HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var labelled = ConfigMap("second");
        labelled["metadata"]!["labels"] = new JsonObject { ["app"] = "x" };
        server.Store.Put(FakeResource.ConfigMaps, labelled);
        var added = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "ADDED"))!)!;
        added["type"]!.GetValue<string>().Should().Be("ADDED");
        added["object"]!["metadata"]!["name"]!.GetValue<string>().Should().Be("second");
        added["object"]!["kind"]!.GetValue<string>().Should().Be("ConfigMap");

        server.Store.Put(FakeResource.ConfigMaps, ConfigMap("second"));
        var left = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "DELETED"))!)!;
        left["type"]!.GetValue<string>().Should().Be("DELETED", "the object no longer matches the selector");
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
    };
}
