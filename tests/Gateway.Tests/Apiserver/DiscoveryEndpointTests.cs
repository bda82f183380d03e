namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class DiscoveryEndpointTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string GroupVersion = """{"groupVersion":"cluster.core.oam.dev/v1alpha1","version":"v1alpha1"}""";

    [Fact(Timeout = 30_000)]
    public async Task GetApi_NoCoreGroup_ReturnsApiVersionsWithoutVersions()
    {
        var (code, contentType, body) = await server.GetJsonAsync("/api");

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body.ToJsonString().Should().Be("""{"kind":"APIVersions","versions":[],"serverAddressByClientCIDRs":[]}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApis_Always_ReturnsGroupListWithClusterCoreOamDev()
    {
        var (code, _, body) = await server.GetJsonAsync("/apis");

        code.Should().Be(200);
        body.ToJsonString().Should().Be(
            $$"""{"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"cluster.core.oam.dev","versions":[{{GroupVersion}}],"preferredVersion":{{GroupVersion}}}]}""");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList")]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json")]
    public async Task GetApis_NoUsableAggregatedRange_FallsBackToLegacyGroupList(string accept)
    {
        var (code, contentType, body) = await server.GetJsonAsync("/apis", accept);

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["kind"]!.GetValue<string>().Should().Be("APIGroupList");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApisGroup_Always_ReturnsApiGroup()
    {
        var (code, _, body) = await server.GetJsonAsync("/apis/cluster.core.oam.dev");

        code.Should().Be(200);
        body.ToJsonString().Should().Be(
            $$"""{"kind":"APIGroup","apiVersion":"v1","name":"cluster.core.oam.dev","versions":[{{GroupVersion}}],"preferredVersion":{{GroupVersion}}}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApisGroupVersion_Always_ListsResourceHealthAndProxyWithKubeVerbs()
    {
        var (code, contentType, body) = await server.GetJsonAsync("/apis/cluster.core.oam.dev/v1alpha1");

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body.ToJsonString().Should().Be(
            """{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"cluster.core.oam.dev/v1alpha1","resources":[""" +
            """{"name":"clustergateways","singularName":"clustergateway","namespaced":false,"kind":"ClusterGateway","verbs":["get","list","watch"]},""" +
            """{"name":"clustergateways/health","singularName":"","namespaced":false,"kind":"ClusterGateway","verbs":["get","patch","update"]},""" +
            """{"name":"clustergateways/proxy","singularName":"","namespaced":false,"kind":"ClusterGatewayProxyOptions","verbs":["create","delete","get","patch","update"]}]}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApisGroupVersion_AggregatedAccept_StaysLegacyAndCheap()
    {
        var (code, contentType, body) = await server.GetJsonAsync("/apis/cluster.core.oam.dev/v1alpha1",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["kind"]!.GetValue<string>().Should().Be("APIResourceList");
    }

    [Fact(Timeout = 30_000)]
    public async Task GetApisGroupVersion_TrailingSlash_IsServedToo()
    {
        var (code, _, body) = await server.GetJsonAsync("/apis/cluster.core.oam.dev/v1alpha1/");

        code.Should().Be(200);
        body["kind"]!.GetValue<string>().Should().Be("APIResourceList");
    }
}
