namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class NotAcceptableTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    [Theory(Timeout = 30_000)]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io")]
    [InlineData("application/yaml")]
    [InlineData("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1")]
    [InlineData("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v2")]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io")]
    [InlineData("application/json;q=0")]
    public async Task List_NothingAcceptable_Returns406(string accept)
    {
        var (code, _, body) = await server.GetJsonAsync(Path, accept);

        code.Should().Be(406);
        body["reason"]!.GetValue<string>().Should().Be("NotAcceptable");
        body["message"]!.GetValue<string>().Should().StartWith("only the following media types are accepted: application/json");
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_ProtobufOnly_Returns406()
    {
        server.Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1")));

        (await server.GetJsonAsync($"{Path}/c1", "application/vnd.kubernetes.protobuf")).Code.Should().Be(406);
    }
}
