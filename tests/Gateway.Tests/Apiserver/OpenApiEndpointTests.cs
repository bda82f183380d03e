using System.Net;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class OpenApiEndpointTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string GroupVersionPath = "/openapi/v3/apis/cluster.core.oam.dev/v1alpha1";
    private const string Gateway = "com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGateway";

    private async Task<string> CurrentUrlAsync() =>
        (string)(await server.GetJsonAsync("/openapi/v3")).Body["paths"]!["apis/cluster.core.oam.dev/v1alpha1"]!["serverRelativeURL"]!;

    [Fact(Timeout = 30_000)]
    public async Task GetV3Root_Always_ListsTheGroupVersionWithItsHash()
    {
        var (code, contentType, body) = await server.GetJsonAsync("/openapi/v3");

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["paths"]!.AsObject().Select(p => p.Key).Should().Equal("apis/cluster.core.oam.dev/v1alpha1");
        (await CurrentUrlAsync()).Should().MatchRegex($"^{GroupVersionPath}\\?hash=[0-9A-F]{{128}}$");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetV3GroupVersion_CurrentHash_IsImmutableWithQuotedHashAsETag()
    {
        var url = await CurrentUrlAsync();

        using var response = await server.SendAsync(HttpMethod.Get, url, "application/json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.Should().Be($"\"{url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]}\"");
        response.Headers.CacheControl!.ToString().Should().Be("public, immutable");
        response.Headers.Vary.Should().Equal("Accept");
        response.Content.Headers.Expires.Should().BeAfter(DateTimeOffset.UtcNow.AddDays(360));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("?hash=0123")]
    [InlineData("")]
    public async Task GetV3GroupVersion_StaleOrNoHash_AnswersTheCurrentDocumentWithoutRedirectOrImmutability(string query)
    {
        var current = await CurrentUrlAsync();

        using var response = await server.SendAsync(HttpMethod.Get, GroupVersionPath + query);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl.Should().BeNull();
        response.Headers.ETag!.Tag.Should().Contain(current[(current.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(GroupVersionPath)]
    [InlineData("/openapi/v3")]
    [InlineData("/openapi/v2")]
    public async Task GetOpenApi_IfNoneMatchCurrentETag_Returns304(string path)
    {
        using var first = await server.SendAsync(HttpMethod.Get, path);

        using var second = await server.SendAsync(HttpMethod.Get, path, headers: [new("If-None-Match", first.Headers.ETag!.Tag)]);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetV3GroupVersion_ProtobufOnly_Returns406()
    {
        var (code, _, body) = await server.GetJsonAsync(GroupVersionPath, "application/com.github.proto-openapi.spec.v3@v1.0+protobuf");

        code.Should().Be(406);
        body["reason"]!.GetValue<string>().Should().Be("NotAcceptable");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetV3GroupVersion_Schemas_HaveGvkUpstreamRequiredListsAndAllOfReferences()
    {
        var schemas = (await server.GetJsonAsync(GroupVersionPath)).Body["components"]!["schemas"]!;

        schemas[Gateway]!["x-kubernetes-group-version-kind"]!.ToJsonString().Should()
            .Be("""[{"group":"cluster.core.oam.dev","kind":"ClusterGateway","version":"v1alpha1"}]""");
        schemas[Gateway + "List"]!["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>().Should().Be("ClusterGatewayList");
        Required(schemas, "ClusterGatewaySpec").Should().Equal("provider", "access");
        Required(schemas, "ClusterAccess").Should().Equal("endpoint");
        Required(schemas, "ClusterEndpoint").Should().Equal("type");
        Required(schemas, "ClusterEndpointConst").Should().Equal("address");
        Required(schemas, "ClusterAccessCredential").Should().Equal("type");
        Required(schemas, "X509").Should().Equal("certificate");
        Required(schemas, "ClusterGatewayStatus").Should().Equal("healthy");
        schemas[Gateway]!["properties"]!["spec"]!.ToJsonString().Should().Be(
            """{"description":"How to reach the cluster: its endpoint and the credential the gateway presents.","allOf":""" +
            """[{"$ref":"#/components/schemas/com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGatewaySpec"}]}""");
        References(schemas).Select(r => r.Replace("#/components/schemas/", "", StringComparison.Ordinal))
            .Should().OnlyContain(name => schemas[name] != null);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetV3GroupVersion_Paths_CoverListWatchGetHealthAndProxy()
    {
        var paths = (await server.GetJsonAsync(GroupVersionPath)).Body["paths"]!;
        const string root = "/apis/cluster.core.oam.dev/v1alpha1";

        Action(paths, $"{root}/clustergateways", "get").Should().Be("list");
        Action(paths, $"{root}/watch/clustergateways", "get").Should().Be("watchlist");
        Action(paths, $"{root}/clustergateways/{{name}}", "get").Should().Be("get");
        Action(paths, $"{root}/watch/clustergateways/{{name}}", "get").Should().Be("watch");
        Action(paths, $"{root}/clustergateways/{{name}}/health", "put").Should().Be("put");
        Action(paths, $"{root}/clustergateways/{{name}}/health", "patch").Should().Be("patch");
        Action(paths, $"{root}/clustergateways/{{name}}/proxy/{{path}}", "post").Should().Be("connect");
        paths[$"{root}/clustergateways"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Should()
            .Contain(["watch", "labelSelector", "fieldSelector", "resourceVersion", "allowWatchBookmarks", "timeoutSeconds"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetV2_Json_IsSwagger2WithTheSameDefinitions()
    {
        var (code, contentType, body) = await server.GetJsonAsync("/openapi/v2", "application/json");
        var v3 = (await server.GetJsonAsync(GroupVersionPath)).Body["components"]!["schemas"]!.AsObject();

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["swagger"]!.GetValue<string>().Should().Be("2.0");
        body["info"]!.ToJsonString().Should().Be("""{"title":"Cluster Gateway","version":"1.0.0"}""");
        body["definitions"]!.AsObject().Select(d => d.Key).Should().Equal(v3.Select(s => s.Key));
        body["definitions"]![Gateway]!["properties"]!["spec"]!["$ref"]!.GetValue<string>().Should()
            .Be("#/definitions/" + Gateway + "Spec");
        References(body["definitions"]!).Select(r => r.Replace("#/definitions/", "", StringComparison.Ordinal))
            .Should().OnlyContain(name => body["definitions"]![name] != null);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json")]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    public async Task GetV2_ProtobufAccept_ReturnsGnosticDocumentWithDottedContentType(string accept)
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/openapi/v2", accept);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        string.Join(",", response.Content.Headers.NonValidated["Content-Type"]).Should()
            .Be("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        var body = await response.Content.ReadAsByteArrayAsync();
        body[..5].Should().Equal(0x0A, 0x03, (byte)'2', (byte)'.', (byte)'0'); // field 1 (swagger) = "2.0"
    }

    [Theory(Timeout = 30_000)]
    [InlineData("text/html")]
    [InlineData("application/yaml")]
    public async Task GetV2_UnknownAccept_StillAnswersJson(string accept)
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/openapi/v2", accept);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    private static string[] Required(JsonNode schemas, string type) =>
        [.. schemas["com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1." + type]!["required"]!.AsArray()
            .Select(r => r!.GetValue<string>())];

    private static string? Action(JsonNode paths, string path, string method) =>
        (string?)paths[path]?[method]?["x-kubernetes-action"];

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
