using System.Net;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class AggregatedDiscoveryTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private const string V2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    private const string KubectlAccept = V2 + "," + V2Beta1 + ",application/json";

    private static string RawContentType(HttpResponseMessage response) =>
        string.Join(",", response.Content.Headers.NonValidated["Content-Type"]);

    [Theory(Timeout = 30_000)]
    [InlineData(KubectlAccept, V2)]
    [InlineData(V2, V2)]
    [InlineData(V2 + ";profile=nopeer", V2)]
    [InlineData(V2Beta1 + ",application/json", V2Beta1)]
    [InlineData(V2 + ";q=0.5," + V2Beta1, V2Beta1)]
    public async Task GetApis_AggregatedAccept_EchoesExactContentTypeWithETagAndVary(string accept, string expected)
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/apis", accept);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        RawContentType(response).Should().Be(expected);
        response.Headers.ETag!.Tag.Should().MatchRegex("^\"[0-9A-F]{128}\"$");
        response.Headers.Vary.Should().Equal("Accept");
        response.Headers.CacheControl!.Public.Should().BeTrue();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["apiVersion"]!.GetValue<string>().Should().Be("apidiscovery.k8s.io/" + expected.Split(';')[2][2..]);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApis_V2_DescribesResourceAndSubresourcesPerKep3352()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/apis", KubectlAccept);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["kind"]!.GetValue<string>().Should().Be("APIGroupDiscoveryList");
        var group = body["items"]!.AsArray().Single()!;
        group["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster.core.oam.dev");
        var version = group["versions"]!.AsArray().Single()!;
        version["version"]!.GetValue<string>().Should().Be("v1alpha1");
        version["freshness"]!.GetValue<string>().Should().Be("Current");
        version["resources"]!.ToJsonString().Should().Be(
            """[{"resource":"clustergateways","responseKind":{"group":"cluster.core.oam.dev","version":"v1alpha1","kind":"ClusterGateway"},"scope":"Cluster",""" +
            "\"singularResource\":\"clustergateway\",\"verbs\":[\"get\",\"list\",\"watch\"],\"subresources\":[" +
            """{"subresource":"health","responseKind":{"group":"cluster.core.oam.dev","version":"v1alpha1","kind":"ClusterGateway"},"verbs":["get","patch","update"]},""" +
            """{"subresource":"proxy","responseKind":{"group":"cluster.core.oam.dev","version":"v1alpha1","kind":"ClusterGatewayProxyOptions"},"verbs":["create","delete","get","patch","update"]}]}]""");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/apis")]
    [InlineData("/api")]
    public async Task GetDiscovery_IfNoneMatchCurrentETag_Returns304WithoutBody(string path)
    {
        using var first = await server.SendAsync(HttpMethod.Get, path, V2);
        var etag = first.Headers.ETag!.Tag;

        using var second = await server.SendAsync(HttpMethod.Get, path, V2, headers: [new("If-None-Match", etag)]);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        second.Headers.ETag!.Tag.Should().Be(etag);
        (await second.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApis_IfNoneMatchStaleETag_Returns200()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/apis", V2, headers: [new("If-None-Match", "\"stale\"")]);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApis_V2AndV2Beta1_HaveDifferentETags()
    {
        using var v2 = await server.SendAsync(HttpMethod.Get, "/apis", V2);
        using var v2Beta1 = await server.SendAsync(HttpMethod.Get, "/apis", V2Beta1);

        v2.Headers.ETag!.Tag.Should().NotBe(v2Beta1.Headers.ETag!.Tag);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApi_AggregatedAccept_ReturnsEmptyV2List()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/api", KubectlAccept);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        RawContentType(response).Should().Be(V2);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[]}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApis_LegacyAccept_VariesOnAcceptWithoutETag()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/apis", "application/json");

        response.Headers.Vary.Should().Equal("Accept");
        response.Headers.ETag.Should().BeNull();
    }
}
