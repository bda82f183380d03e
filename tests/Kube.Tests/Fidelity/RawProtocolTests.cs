using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>Wire details kubectl does not exercise: negotiation, Status codes, Table options, paging.</summary>
public sealed class RawProtocolTests
{
    private const string Table = "application/json;as=Table;v=v1;g=meta.k8s.io";

    [Theory(Timeout = 60_000)]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Table_include_object_and_accept_order(string httpVersion)
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient(httpVersion: Version.Parse(httpVersion));

        var metadata = await GetJsonAsync(client, "/api/v1/namespaces/default/configmaps", Table);
        metadata["kind"]!.GetValue<string>().Should().Be("Table");
        metadata["columnDefinitions"]![1]!["type"]!.GetValue<string>().Should().Be("date");
        metadata["rows"]![0]!["cells"]![0]!.GetValue<string>().Should().Be("cm");
        metadata["rows"]![0]!["object"]!["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");

        var full = await GetJsonAsync(client, "/api/v1/namespaces/default/configmaps/cm?includeObject=Object", Table);
        full["rows"]![0]!["object"]!["data"]!["k"]!.GetValue<string>().Should().Be("v");
        var none = await GetJsonAsync(client, "/api/v1/namespaces/default/configmaps?includeObject=None", Table);
        none["rows"]![0]!["object"].Should().BeNull();

        var plainFirst = await GetJsonAsync(client, "/api/v1/namespaces/default/configmaps", "application/json," + Table);
        plainFirst["kind"]!.GetValue<string>().Should().Be("ConfigMapList");
        plainFirst["items"]![0]!["kind"].Should().BeNull("built-in list items carry no type meta");

        var fallback = await GetJsonAsync(client, "/api/v1/namespaces/default/configmaps",
            "application/json;as=Table;v=v2;g=meta.k8s.io,application/json");
        fallback["kind"]!.GetValue<string>().Should().Be("ConfigMapList");
    }

    [Fact(Timeout = 60_000)]
    public async Task Errors_are_status_objects_with_the_right_codes()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        await ExpectStatusAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/cm", null,
            406, "NotAcceptable", accept: "application/vnd.kubernetes.protobuf");
        await ExpectStatusAsync(client, HttpMethod.Get, $"/api/v1/namespaces/default/configmaps?includeObject=All",
            null, 400, "BadRequest", accept: Table);
        await ExpectStatusAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps/cm",
            """{"metadata":{"name":"cm"}}""", 405, "MethodNotAllowed");
        await ExpectStatusAsync(client, HttpMethod.Put, "/api/v1/namespaces/default/configmaps/cm",
            """{"metadata":{"name":"cm","resourceVersion":"1"}}""", 409, "Conflict",
            "Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; " +
            "please apply your changes to the latest version and try again");
        await ExpectStatusAsync(client, HttpMethod.Get, "/apis/example.com/v1/widgets", null, 404, "NotFound",
            "the server could not find the requested resource");
        await ExpectStatusAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"metadata":{"name":"Bad_Name"}}""", 422, "Invalid");
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_with_generate_name_and_list_pages()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var created = await client.PostAsync("/api/v1/namespaces/default/configmaps",
                new StringContent("""{"metadata":{"generateName":"gen-"}}""", Encoding.UTF8, "application/json"));
            created.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var first = await GetJsonAsync(client, "/api/v1/namespaces/default/configmaps?limit=2", "application/json");
        first["items"]!.AsArray().Should().HaveCount(2);
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        first["metadata"]!["remainingItemCount"]!.GetValue<long>().Should().Be(2);
        var second = await GetJsonAsync(client,
            $"/api/v1/namespaces/default/configmaps?limit=2&continue={Uri.EscapeDataString(token)}", "application/json");
        second["items"]!.AsArray().Should().HaveCount(2);
        second["metadata"]!["continue"].Should().BeNull();
        server.Store.List(FakeResource.ConfigMaps).Select(o => ObjectMeta.Name(o))
            .Should().Contain(n => n!.StartsWith("gen-", StringComparison.Ordinal) && n.Length == 9);
    }

    [Fact(Timeout = 60_000)]
    public async Task Watch_list_sends_initial_events_then_a_bookmark()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/api/v1/namespaces/default/configmaps?watch=true" +
            "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var added = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "ADDED"))!)!;
        var bookmark = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TestTimeouts.Short, "BOOKMARK"))!)!;

        added["type"]!.GetValue<string>().Should().Be("ADDED");
        bookmark["type"]!.GetValue<string>().Should().Be("BOOKMARK");
        bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>()
            .Should().Be("true");
    }

    private static async Task<FakeApiServer> StartAsync()
    {
        var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        server.Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "cm" },
            ["data"] = new JsonObject { ["k"] = "v" },
        });
        return server;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private static async Task ExpectStatusAsync(HttpClient client, HttpMethod method, string path, string? body,
        int code, string reason, string? message = null, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((int)response.StatusCode).Should().Be(code);
        status["kind"]!.GetValue<string>().Should().Be("Status");
        status["code"]!.GetValue<int>().Should().Be(code);
        status["reason"]!.GetValue<string>().Should().Be(reason);
        if (message is not null)
        {
            status["message"]!.GetValue<string>().Should().Be(message);
        }
    }
}
