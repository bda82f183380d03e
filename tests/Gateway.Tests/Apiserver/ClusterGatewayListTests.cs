using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class ClusterGatewayListTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    private static string[] Names(JsonObject list) =>
        [.. list["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>())];

    [Fact(Timeout = 30_000)]
    public async Task List_ValidAndInvalidEntries_ReturnsValidOnesSortedByName()
    {
        server.Registry.Set(
            TestClusterRegistry.Valid(TestGateways.Token("zeta")),
            TestClusterRegistry.Invalid("broken", "Secret test/broken: data key \"token\" is missing or empty"),
            TestClusterRegistry.Valid(TestGateways.Token("alpha")),
            TestClusterRegistry.Valid(TestGateways.Token("Beta")));

        var (code, contentType, body) = await server.GetJsonAsync(Path);

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["apiVersion"]!.GetValue<string>().Should().Be("cluster.core.oam.dev/v1alpha1");
        body["kind"]!.GetValue<string>().Should().Be("ClusterGatewayList");
        body["metadata"]!.ToJsonString().Should().Be($$$"""{"resourceVersion":"{{{server.Registry.State.Revision}}}"}""");
        Names(body).Should().Equal("Beta", "alpha", "zeta");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_Item_HasUpstreamClusterGatewayShapeWithTheTokenWithheld()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1", healthy: false)));

        var (_, _, body) = await server.GetJsonAsync(Path);

        var revision = server.Registry.Snapshot["c1"].Revision;
        body["items"]![0]!.ToJsonString().Should().Be(
            """{"apiVersion":"cluster.core.oam.dev/v1alpha1","kind":"ClusterGateway","metadata":""" +
            $$$"""{"name":"c1","uid":"uid-c1","resourceVersion":"{{{revision}}}","creationTimestamp":"2024-01-02T03:04:05Z"},"spec":""" +
            """{"provider":"","access":{"endpoint":{"type":"Const","const":{"address":"https://c1.example:6443"}},"credential":""" +
            """{"type":"ServiceAccountToken"}}},"status":""" +
            """{"healthy":false,"healthyReason":"ConnectionTimeout"}}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_EmptyRegistry_ReturnsEmptyItems()
    {
        server.Registry.Set();

        var (code, _, body) = await server.GetJsonAsync(Path);

        code.Should().Be(200);
        body["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact(Timeout = 30_000)]
    public async Task List_RegistryChanges_AreVisibleOnTheNextRequest()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("one")));
        Names((await server.GetJsonAsync(Path)).Body).Should().Equal("one");

        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("two")));

        Names((await server.GetJsonAsync(Path)).Body).Should().Equal("two");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("metadata.name=b", new[] { "b" })]
    [InlineData("metadata.name==b", new[] { "b" })]
    [InlineData("metadata.name!=b", new[] { "a", "c" })]
    [InlineData("metadata.name!=a,metadata.name!=c", new[] { "b" })]
    [InlineData("metadata.name=nope", new string[0])]
    [InlineData("", new[] { "a", "b", "c" })]
    public async Task List_FieldSelectorOnName_FiltersItems(string selector, string[] expected)
    {
        server.Registry.Set([.. new[] { "a", "b", "c" }.Select(n => TestClusterRegistry.Valid(TestGateways.Token(n)))]);

        var (code, _, body) = await server.GetJsonAsync($"{Path}?fieldSelector={Uri.EscapeDataString(selector)}");

        code.Should().Be(200);
        Names(body).Should().Equal(expected);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("spec.provider=x", "field label not supported: spec.provider")]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    public async Task List_BadFieldSelector_Returns400(string selector, string message)
    {
        var (code, _, body) = await server.GetJsonAsync($"{Path}?fieldSelector={Uri.EscapeDataString(selector)}");

        code.Should().Be(400);
        body["reason"]!.GetValue<string>().Should().Be("BadRequest");
        body["message"]!.GetValue<string>().Should().Be(message);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("watch=false")]
    [InlineData("watch=0")]
    [InlineData("watch=")]
    [InlineData("limit=500&labelSelector=a%3Db")]
    public async Task List_NotAWatch_Returns200(string query)
    {
        server.Registry.Set();

        (await server.GetJsonAsync($"{Path}?{query}")).Code.Should().Be(200);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task List_WriteVerb_Returns405(string method)
    {
        using var response = await server.SendAsync(new HttpMethod(method), Path);

        ((int)response.StatusCode).Should().Be(405);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"reason\":\"MethodNotAllowed\"");
    }
}
