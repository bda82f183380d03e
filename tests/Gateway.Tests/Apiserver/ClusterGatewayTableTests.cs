using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class ClusterGatewayTableTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    private void SetClusters() => server.Registry.Set(
        TestClusterRegistry.Valid(TestGateways.Token("c1")),
        TestClusterRegistry.Valid(TestGateways.ProxyWithoutCredential("c2")),
        TestClusterRegistry.Invalid("c3", "broken"));

    private static string[][] Cells(JsonObject table) =>
        [.. table["rows"]!.AsArray().Select(row => row!["cells"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray())];

    [Fact(Timeout = 30_000)]
    public async Task List_KubectlAccept_ReturnsTableWithUpstreamColumnsAndCells()
    {
        SetClusters();

        var (code, contentType, body) = await server.GetJsonAsync(Path, ApiTestServer.KubectlTableAccept);

        code.Should().Be(200);
        contentType.Should().Be("application/json");
        body["kind"]!.GetValue<string>().Should().Be("Table");
        body["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1");
        var columns = body["columnDefinitions"]!.AsArray();
        columns.Select(c => c!["name"]!.GetValue<string>()).Should()
            .Equal("Name", "Provider", "Credential-Type", "Endpoint-Type", "Healthy");
        columns.Select(c => c!["type"]!.GetValue<string>()).Should().AllBe("string");
        columns.Select(c => c!["format"]!.GetValue<string>()).Should().Equal("name", "", "", "", "");
        columns.Select(c => c!["priority"]!.GetValue<int>()).Should().AllBeEquivalentTo(0);
        columns.Should().AllSatisfy(c => c!.AsObject().Select(p => p.Key).Should()
            .Equal("name", "type", "format", "description", "priority"));
        Cells(body).Should().BeEquivalentTo(
            new[] { new[] { "c1", "", "ServiceAccountToken", "Const", "true" }, ["c2", "", "<none>", "ClusterProxy", "false"] },
            options => options.WithStrictOrdering());
    }

    [Fact(Timeout = 30_000)]
    public async Task List_TableDefaultIncludeObject_RowObjectIsPartialObjectMetadata()
    {
        SetClusters();

        var (_, _, body) = await server.GetJsonAsync(Path, ApiTestServer.KubectlTableAccept);

        var revision = server.Registry.Snapshot["c1"].Revision;
        body["rows"]![0]!["object"]!.ToJsonString().Should().Be(
            """{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":""" +
            $$$"""{"name":"c1","uid":"uid-c1","resourceVersion":"{{{revision}}}","creationTimestamp":"2024-01-02T03:04:05Z"}}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_TableV1Beta1Only_ReturnsV1Beta1Table()
    {
        SetClusters();

        var (code, _, body) = await server.GetJsonAsync(Path, "application/json;as=Table;v=v1beta1;g=meta.k8s.io");

        code.Should().Be(200);
        body["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1beta1");
        body["rows"]![0]!["object"]!["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1beta1");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_IncludeObjectObject_RowObjectIsTheClusterGateway()
    {
        SetClusters();

        var (_, _, body) = await server.GetJsonAsync($"{Path}?includeObject=Object", ApiTestServer.KubectlTableAccept);

        var row = body["rows"]![0]!["object"]!;
        row["kind"]!.GetValue<string>().Should().Be("ClusterGateway");
        row["apiVersion"]!.GetValue<string>().Should().Be("cluster.core.oam.dev/v1alpha1");
        row["spec"]!["access"]!["credential"]!["type"]!.GetValue<string>().Should().Be("ServiceAccountToken");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_IncludeObjectNone_RowsHaveNoObject()
    {
        SetClusters();

        var (_, _, body) = await server.GetJsonAsync($"{Path}?includeObject=None", ApiTestServer.KubectlTableAccept);

        body["rows"]!.AsArray().Should().AllSatisfy(row => row!.AsObject().ContainsKey("object").Should().BeFalse());
    }

    [Fact(Timeout = 30_000)]
    public async Task List_BadIncludeObject_Returns400()
    {
        var (code, _, body) = await server.GetJsonAsync($"{Path}?includeObject=Everything", ApiTestServer.KubectlTableAccept);

        code.Should().Be(400);
        body["message"]!.GetValue<string>().Should().Be("unrecognized includeObject value: \"Everything\"");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_BadIncludeObjectWithoutTable_IsIgnored()
    {
        SetClusters();

        (await server.GetJsonAsync($"{Path}?includeObject=Everything", "application/json")).Code.Should().Be(200);
    }

    [Fact(Timeout = 30_000)]
    public async Task List_EmptyRegistryAsTable_ReturnsNoRows()
    {
        server.Registry.Set();

        var (_, _, body) = await server.GetJsonAsync(Path, ApiTestServer.KubectlTableAccept);

        body["rows"]!.AsArray().Should().BeEmpty();
        body["columnDefinitions"]!.AsArray().Should().HaveCount(5);
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_KubectlAccept_ReturnsOneRowTable()
    {
        SetClusters();

        var (code, _, body) = await server.GetJsonAsync($"{Path}/c2", ApiTestServer.KubectlTableAccept);

        code.Should().Be(200);
        body["kind"]!.GetValue<string>().Should().Be("Table");
        Cells(body).Should().ContainSingle().Which.Should().Equal("c2", "", "<none>", "ClusterProxy", "false");
    }
}
