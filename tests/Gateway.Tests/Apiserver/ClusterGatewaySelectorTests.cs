using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class ClusterGatewaySelectorTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    private static V1Alpha1ClusterGateway Labelled(string name, string env)
    {
        var gateway = TestGateways.Token(name);
        gateway.Metadata.Labels = new() { ["env"] = env, ["cluster.core.oam.dev/cluster-credential-type"] = "ServiceAccountToken" };
        return gateway;
    }

    private void SetClusters() => server.Registry.Set(
        TestClusterRegistry.Valid(Labelled("a", "prod")),
        TestClusterRegistry.Valid(Labelled("b", "dev")),
        TestClusterRegistry.Valid(TestGateways.Token("unlabelled")));

    private static string[] Names(JsonObject list) =>
        [.. list["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>())];

    [Theory(Timeout = 30_000)]
    [InlineData("env=prod", new[] { "a" })]
    [InlineData("env!=prod", new[] { "b", "unlabelled" })]
    [InlineData("env", new[] { "a", "b" })]
    [InlineData("!env", new[] { "unlabelled" })]
    [InlineData("env in (dev,prod),cluster.core.oam.dev/cluster-credential-type=ServiceAccountToken", new[] { "a", "b" })]
    public async Task List_LabelSelector_FiltersItems(string selector, string[] expected)
    {
        SetClusters();

        var (code, _, body) = await server.GetJsonAsync($"{Path}?labelSelector={Uri.EscapeDataString(selector)}");

        code.Should().Be(200);
        Names(body).Should().Equal(expected);
    }

    [Fact(Timeout = 30_000)]
    public async Task List_LabelAndFieldSelector_AreAnded()
    {
        SetClusters();

        var (_, _, body) = await server.GetJsonAsync($"{Path}?labelSelector=env&fieldSelector=metadata.name%21%3Da");

        Names(body).Should().Equal("b");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_TableWithLabelSelector_FiltersRowsAndCarriesResourceVersion()
    {
        SetClusters();

        var (_, _, body) = await server.GetJsonAsync($"{Path}?labelSelector=env%3Ddev", ApiTestServer.KubectlTableAccept);

        body["rows"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<string>()).Should().Equal("b");
        body["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(server.Registry.State.Revision.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task List_BadLabelSelector_Returns400()
    {
        var (code, _, body) = await server.GetJsonAsync($"{Path}?labelSelector={Uri.EscapeDataString("env in prod")}");

        code.Should().Be(400);
        body["reason"]!.GetValue<string>().Should().Be("BadRequest");
        body["message"]!.GetValue<string>().Should().StartWith("unable to parse requirement: ");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_PartialObjectMetadataListAccept_ReturnsMetadataOnly()
    {
        SetClusters();

        var (code, _, body) = await server.GetJsonAsync($"{Path}?labelSelector=env%3Dprod",
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");

        code.Should().Be(200);
        body["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadataList");
        body["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1");
        body["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(server.Registry.State.Revision.ToString());
        var item = body["items"]!.AsArray().Single()!;
        item["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
        item["metadata"]!["labels"]!["env"]!.GetValue<string>().Should().Be("prod");
        item.AsObject().ContainsKey("spec").Should().BeFalse();
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_PartialObjectMetadataAccept_ReturnsMetadataOnly()
    {
        SetClusters();

        var (code, _, body) = await server.GetJsonAsync($"{Path}/a", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");

        code.Should().Be(200);
        body["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
        body["metadata"]!["name"]!.GetValue<string>().Should().Be("a");
    }
}
