using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Aggregation;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>
/// What the health tests need of the fake hub: custom resource Tables built from the CRD's printer columns
/// (apiextensions-apiserver's tableconvertor) and forwarding of an aggregated API group (kube-aggregator).
/// </summary>
public sealed class FakeHubFidelityTests
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private const string Token = "t";

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
            - {name: Size, type: integer, jsonPath: .spec.size, priority: 1}
            - {name: On, type: boolean, jsonPath: .spec.on}
            - {name: First, type: string, jsonPath: '.spec.items[0].name'}
            - {name: Labels, type: string, jsonPath: .metadata.labels, description: All labels.}
            - {name: Dotted, type: string, jsonPath: .metadata.annotations.example\.com/x}
            - {name: Missing, type: string, jsonPath: .status.nothing}
            - {name: Created, type: date, jsonPath: .metadata.creationTimestamp}
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - {name: v1, served: true, storage: true}
        """;

    [Fact(Timeout = 30_000)]
    public async Task Table_CrdWithPrinterColumns_HasNameAndExactlyThoseColumnsWithTypedCells()
    {
        await using var server = await StartAsync();
        server.Store.ApplyYaml(WidgetCrd);
        server.Store.Put(JsonNode.Parse("""
            {"apiVersion":"example.com/v1","kind":"Widget",
             "metadata":{"name":"w","namespace":"default","labels":{"app":"x"},"annotations":{"example.com/x":"dot"}},
             "spec":{"size":3,"on":true,"items":[{"name":"one"},{"name":"two"}]},
             "status":{"conditions":[{"type":"Other","status":"False"},{"type":"Ready","status":"True"}]}}
            """)!.AsObject());
        using var client = server.CreateClient(Token);

        var table = await GetTableAsync(client, "apis/example.com/v1/namespaces/default/widgets");

        table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).Should()
            .Equal("Name", "Ready", "Size", "On", "First", "Labels", "Dotted", "Missing", "Created");
        ((int?)table["columnDefinitions"]![2]!["priority"]).Should().Be(1);
        ((string?)table["columnDefinitions"]![5]!["description"]).Should().Be("All labels.");
        ((string?)table["columnDefinitions"]![1]!["description"]).Should()
            .Be("""Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status""");
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        cells.Take(8).Select(c => c?.ToJsonString() ?? "null").Should().Equal(
            "\"w\"", "\"True\"", "3", "true", "\"one\"", "\"{\\u0022app\\u0022:\\u0022x\\u0022}\"", "\"dot\"", "null");
        ((string?)cells[8]).Should().MatchRegex("^[0-9]+s$");
    }

    [Fact(Timeout = 30_000)]
    public async Task Table_CrdWithoutPrinterColumns_HasNameAndAge()
    {
        await using var server = await StartAsync();
        server.Store.ApplyYaml(WidgetCrd);
        server.Store.Put(JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"}}""")!.AsObject());
        using var client = server.CreateClient(Token);

        var table = await GetTableAsync(client, "apis/example.com/v1/namespaces/default/gadgets/g");

        table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal("Name", "Age");
    }

    [Fact(Timeout = 30_000)]
    public async Task Aggregation_ForwardsWritesReadsWatchesAndDiscoveryToTheBackend()
    {
        await using var backend = await StartAsync();
        backend.Store.ApplyYaml(WidgetCrd);
        await using var hub = await StartAsync();
        hub.AddAggregatedApi(new FakeAggregatedApi("example.com", "v1", backend.Url, backend.CaPem));
        using var client = hub.CreateClient(Token);
        using var watch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            "apis/example.com/v1/namespaces/default/widgets?watch=true"), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TestTimeouts.Short, "the watch through the hub to start");
        watch.StatusCode.Should().Be(HttpStatusCode.OK);

        using var created = await client.PostAsync("apis/example.com/v1/namespaces/default/widgets", new StringContent(
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}""",
            Encoding.UTF8, "application/json")).WaitAsync(TestTimeouts.Short, "the create through the hub");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        backend.Store.List(backend.Store.FindResource("example.com", "v1", "widgets")!).Should().ContainSingle();
        hub.Store.FindResource("example.com", "v1", "widgets").Should().BeNull("the hub serves nothing of the group itself");
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        var firstEvent = await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "the watch event through the hub");
        ((string?)JsonNode.Parse(firstEvent!)!["type"]).Should().Be("ADDED");
        var groups = JsonNode.Parse(await client.GetStringAsync("apis"))!["groups"]!.AsArray();
        groups.Should().Contain(g => (string?)g!["name"] == "example.com");
        var resources = JsonNode.Parse(await client.GetStringAsync("apis/example.com/v1"))!["resources"]!.AsArray();
        resources.Should().Contain(r => (string?)r!["name"] == "widgets");
        backend.Requests.Snapshot().Should().Contain(r => r.Method == "POST" && r.User == "user");
    }

    [Fact(Timeout = 30_000)]
    public async Task Aggregation_BackendDown_Answers503ServiceUnavailable()
    {
        await using var hub = await StartAsync();
        string caPem;
        Uri url;
        await using (var backend = await StartAsync())
        {
            (caPem, url) = (backend.CaPem, backend.Url);
        }

        hub.AddAggregatedApi(new FakeAggregatedApi("example.com", "v1", url, caPem));
        using var client = hub.CreateClient(Token);

        using var response = await client.GetAsync("apis/example.com/v1/namespaces/default/widgets");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["reason"]).Should().Be("ServiceUnavailable");
        ((string?)status["message"]).Should().StartWith("Error trying to reach service: ");
    }

    private static Task<FakeApiServer> StartAsync() =>
        FakeApiServer.StartAsync(new FakeApiServerOptions { Tokens = { [Token] = "user" } });

    private static async Task<JsonObject> GetTableAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(TableAccept));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }
}
