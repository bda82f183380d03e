namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class ClusterGatewayGetTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    [Fact(Timeout = 30_000)]
    public async Task Get_KnownCluster_ReturnsClusterGateway()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1")));

        var (code, contentType, body) = await server.GetJsonAsync($"{Path}/c1");

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["kind"]!.GetValue<string>().Should().Be("ClusterGateway");
        body["metadata"]!["name"]!.GetValue<string>().Should().Be("c1");
        body["spec"]!["access"]!["endpoint"]!["const"]!["address"]!.GetValue<string>().Should().Be("https://c1.example:6443");
        body["status"]!["healthy"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_UnknownCluster_Returns404NotFoundStatus()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1")));

        var (code, contentType, body) = await server.GetJsonAsync($"{Path}/nope");

        code.Should().Be(404);
        contentType.Should().Be("application/json");
        body.ToJsonString().Should().Be(
            """{"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":"clustergateways""" +
            """.cluster.core.oam.dev \u0022nope\u0022 not found","reason":"NotFound","details":""" +
            """{"name":"nope","group":"cluster.core.oam.dev","kind":"clustergateways"},"code":404}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_InvalidCluster_Returns503NamingClusterAndError()
    {
        const string error = "Secret ns/bad: data key \"token\" is missing or empty (required for credential type ServiceAccountToken)";
        server.Registry.Set(TestClusterRegistry.Invalid("bad", error));

        var (code, _, body) = await server.GetJsonAsync($"{Path}/bad");

        code.Should().Be(503);
        body["kind"]!.GetValue<string>().Should().Be("Status");
        body["reason"]!.GetValue<string>().Should().Be("ServiceUnavailable");
        body["code"]!.GetValue<int>().Should().Be(503);
        body["message"]!.GetValue<string>().Should().Be($"clustergateways.cluster.core.oam.dev \"bad\" is not usable: {error}");
        body["details"]!["name"]!.GetValue<string>().Should().Be("bad");
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_InvalidClusterWithTableAccept_Still503()
    {
        server.Registry.Set(TestClusterRegistry.Invalid("bad", "boom"));

        (await server.GetJsonAsync($"{Path}/bad", ApiTestServer.KubectlTableAccept)).Code.Should().Be(503);
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_WatchQuery_IsIgnoredLikeKubeApiserverAndReturnsTheObject()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1")));

        var (code, _, body) = await server.GetJsonAsync($"{Path}/c1?watch=true");

        code.Should().Be(200);
        body["kind"]!.GetValue<string>().Should().Be("ClusterGateway");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Get_WriteVerbOnCluster_Returns405(string method)
    {
        using var response = await server.SendAsync(new HttpMethod(method), $"{Path}/c1");

        ((int)response.StatusCode).Should().Be(405);
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_FieldSelector_IsIgnoredOnGet()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1")));

        (await server.GetJsonAsync($"{Path}/c1?fieldSelector=spec.x%3Dy")).Code.Should().Be(200);
    }
}
