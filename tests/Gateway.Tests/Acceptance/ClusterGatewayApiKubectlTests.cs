using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// Issue 3 acceptance: the gateway's own API is complete for kubectl (discovery with verbs, OpenAPI for explain, YAML
/// output) against the gateway in hub mode, with the real kubectl (and kubectl 1.27, which reads OpenAPI v2 protobuf).
/// </summary>
public sealed class ClusterGatewayApiKubectlTests(HubEnvironmentFixture fixture) : IClassFixture<HubEnvironmentFixture>
{
    private HubEnvironment Env => fixture.Env;

    private Task<KubectlResult> Kubectl(params string[] args) =>
        TestSupport.Kubectl.RunAsync(Env.Kubeconfig, args, timeout: TestTimeouts.Default);

    [Fact(Timeout = 60_000)]
    public async Task ApiResources_ClusterCoreOamDev_ListsClusterGatewaysWithVerbs()
    {
        var result = (await Kubectl("api-resources", "--api-group=cluster.core.oam.dev", "-o", "wide")).EnsureSuccess();

        var line = result.StdOut.Split('\n').Single(l => l.StartsWith("clustergateways", StringComparison.Ordinal));
        line.Should().Contain("cluster.core.oam.dev/v1alpha1").And.Contain("false").And.Contain("ClusterGateway")
            .And.Contain("get,list,watch");
    }

    [Fact(Timeout = 60_000)]
    public async Task Explain_SpecAccess_PrintsFieldDocs()
    {
        var result = (await Kubectl("explain", "clustergateway.spec.access")).EnsureSuccess();

        result.StdOut.Should().Contain("KIND:").And.Contain("ClusterGateway")
            .And.Contain("ClusterAccess says where the cluster is and how to authenticate to it.")
            .And.Contain("endpoint").And.Contain("-required-")
            .And.Contain("Where the cluster's API server is.")
            .And.Contain("credential");
    }

    [Fact(Timeout = 60_000)]
    public async Task Explain_Recursive_ListsEveryField()
    {
        var result = (await Kubectl("explain", "clustergateway", "--recursive")).EnsureSuccess();

        foreach (var field in new[] { "metadata", "spec", "provider", "access", "endpoint", "const", "address", "caBundle",
            "insecure", "proxy-url", "credential", "serviceAccountToken", "x509", "certificate", "privateKey", "status",
            "healthy", "healthyReason" })
        {
            result.StdOut.Should().MatchRegex($@"(?m)^\s+{System.Text.RegularExpressions.Regex.Escape(field)}\s");
        }
    }

    [Theory(Timeout = 90_000)]
    [InlineData("1.27")]
    [InlineData("1.30")]
    public async Task OlderKubectl_ExplainAndGet_Work(string version)
    {
        var kubectl = TestSupport.Kubectl.Version(version);

        var explain = (await kubectl.RunAsync(Env.Kubeconfig, ["explain", "clustergateway.status"], timeout: TestTimeouts.Default))
            .EnsureSuccess();
        var get = (await kubectl.RunAsync(Env.Kubeconfig, ["get", "clustergateways"], timeout: TestTimeouts.Default))
            .EnsureSuccess();

        explain.StdOut.Should().Contain("healthyReason");
        get.StdOut.Should().Contain("cluster-a").And.Contain("cluster-b");
    }

    [Fact(Timeout = 60_000)]
    public async Task Kubectl127_ExplainFromOpenApiV2Protobuf_PrintsFieldDocs()
    {
        var kubectl = TestSupport.Kubectl.Version("1.27");

        var result = (await kubectl.RunAsync(Env.Kubeconfig,
            ["explain", "clustergateway.spec.access.credential", "--output=plaintext-openapiv2"], timeout: TestTimeouts.Default))
            .EnsureSuccess();

        result.StdOut.Should().Contain("ClusterAccessCredential is the credential presented to the cluster")
            .And.Contain("serviceAccountToken").And.Contain("x509").And.Contain("-required-");
    }

    [Fact(Timeout = 60_000)]
    public async Task GetYaml_ClusterA_RoundTripsTheJsonObject()
    {
        var yaml = (await Kubectl("get", "clustergateway", "cluster-a", "-o", "yaml")).EnsureSuccess().StdOut;
        using var client = Env.CreateGatewayClient();

        var json = JsonNode.Parse(await client.GetStringAsync("/apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-a"))!;

        var fromYaml = YamlJson.ParseDocuments(yaml).Single();
        JsonNode.DeepEquals(fromYaml, json).Should().BeTrue($"kubectl printed{Environment.NewLine}{yaml}");
        ((string?)json["metadata"]!["labels"]!["cluster.core.oam.dev/cluster-credential-type"]).Should().Be("X509Certificate");
        ((string?)json["metadata"]!["resourceVersion"]).Should().Be(
            (string?)Env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-a")!["metadata"]!["resourceVersion"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task RawApis_AggregatedDiscoveryV2Accept_ReturnsV2WithETag()
    {
        using var client = Env.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        string.Join(",", response.Content.Headers.NonValidated["Content-Type"]).Should()
            .Be("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)body["items"]![0]!["versions"]![0]!["resources"]![0]!["resource"]).Should().Be("clustergateways");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/apis");
        again.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(response.Headers.ETag!.Tag));
        (await client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetRaw_OpenApiV3Root_PointsAtTheHashedGroupVersionDocument()
    {
        var root = JsonNode.Parse((await Kubectl("get", "--raw", "/openapi/v3")).EnsureSuccess().StdOut)!;
        var url = (string)root["paths"]!["apis/cluster.core.oam.dev/v1alpha1"]!["serverRelativeURL"]!;

        var document = JsonNode.Parse((await Kubectl("get", "--raw", url)).EnsureSuccess().StdOut)!;

        document["components"]!["schemas"]!.AsObject().Should()
            .ContainKey("com.github.oam-dev.cluster-gateway.pkg.apis.cluster.v1alpha1.ClusterGateway");
    }
}
