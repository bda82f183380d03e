using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// Fan-out reads through <c>clustergateways/*/proxy</c> with the real kubectl and raw HTTP: three clusters, c1 and c2
/// labelled env=prod, two ConfigMaps each (<c>{cluster}-cm1</c> in default, <c>{cluster}-cm2</c> in kube-system).
/// </summary>
[Collection(nameof(FanOutKubectlTests))]
public sealed class FanOutKubectlTests(FanOutEnvironmentFixture fixture) : IClassFixture<FanOutEnvironmentFixture>
{
    private const string Table = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private static readonly string[] All = ["c1-cm1", "c1-cm2", "c2-cm1", "c2-cm2", "c3-cm1", "c3-cm2"];
    private readonly FanOutEnvironment _env = fixture.Env;

    [Fact(Timeout = 60_000)]
    public async Task GetAllNamespaces_Kubectl_UnionOfEveryClusterWithTheClusterColumn()
    {
        var result = await _env.KubectlAsync(null, "get", "configmaps", "-A");

        result.ExitCode.Should().Be(0, result.StdErr);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should()
            .StartWith(["NAMESPACE", "CLUSTER", "NAME"], "kubectl puts NAMESPACE before the server's columns, CLUSTER first among them");
        var rows = Rows(lines);
        rows.Keys.Should().BeEquivalentTo(All);
        rows.Should().OnlyContain(r => r.Key.StartsWith(r.Value + "-", StringComparison.Ordinal), "every row names the cluster it came from");
        var line = await _env.Logs.WaitForAsync(l => l.StartsWith("Information ClusterGateway.Gateway.AccessLog:", StringComparison.Ordinal) &&
                                                  l.Contains("cluster=* verb=list resource=configmaps", StringComparison.Ordinal) &&
                                                  l.Contains("answered=3 failed=0", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the access log line of the fan-out list, three clusters answered");
        line.Should().Contain("status=200");
        foreach (var cluster in new[] { "c1", "c2", "c3" })
        {
            var member = await _env.Logs.WaitForAsync(l => l.StartsWith("Information ClusterGateway.Gateway.AccessLog:", StringComparison.Ordinal) &&
                                                        l.Contains($"/clustergateways/{cluster}/proxy/api/v1/configmaps cluster={cluster} verb=list", StringComparison.Ordinal) &&
                                                        l.EndsWith("fanout=*", StringComparison.Ordinal))
                .WaitAsync(TestTimeouts.Short, $"the access log line of {cluster}'s part");
            member.Should().Contain("status=200");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task GetJson_Kubectl_ItemsCarryTheClusterAnnotation()
    {
        var result = await _env.KubectlAsync(null, "get", "configmaps", "-n", "default", "-o", "json");

        result.ExitCode.Should().Be(0, result.StdErr);
        var items = JsonNode.Parse(result.StdOut)!["items"]!.AsArray();
        items.Select(i => (string?)i!["metadata"]!["name"]).Should().BeEquivalentTo(["c1-cm1", "c2-cm1", "c3-cm1"]);
        foreach (var item in items)
        {
            var name = (string)item!["metadata"]!["name"]!;
            ((string?)item["metadata"]!["annotations"]![ClusterVector.ClusterNameAnnotation]).Should().Be(name[..2], name);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ClusterSelector_KubectlGetRaw_OnlyTheProdClustersItems()
    {
        // kubectl takes no query in --server; `get --raw` is how a kubectl user passes clusterSelector.
        var result = await Kubectl.RunAsync(_env.Kubeconfig,
            ["get", "--raw", FanOutEnvironment.FanOutPath + "/api/v1/configmaps?clusterSelector=env%3Dprod"],
            timeout: TestTimeouts.Default);

        result.ExitCode.Should().Be(0, result.StdErr);
        var items = JsonNode.Parse(result.StdOut)!["items"]!.AsArray();
        items.Select(i => (string?)i!["metadata"]!["annotations"]![ClusterVector.ClusterNameAnnotation]).Distinct()
            .Should().BeEquivalentTo("c1", "c2");
    }

    [Fact(Timeout = 60_000)]
    public async Task ClusterSelector_RawHttp_OnlyMatchingClustersAskedAndListed()
    {
        using var client = _env.Client();
        _env.ClearRequests();

        using var table = await GetAsync(client, "/api/v1/configmaps?clusterSelector=env%3Dprod", Table);
        using var list = await GetAsync(client, "/api/v1/configmaps?clusterSelector=env+in+(prod)&labelSelector=", "application/json");

        table.StatusCode.Should().Be(HttpStatusCode.OK, await table.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await table.Content.ReadAsStringAsync())!;
        ((string?)body["columnDefinitions"]![0]!["name"]).Should().Be("Cluster");
        body["rows"]!.AsArray().Select(r => (string?)r!["cells"]![0]).Should().BeEquivalentTo(["c1", "c1", "c2", "c2"]);
        var items = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["items"]!.AsArray();
        items.Select(i => (string?)i!["metadata"]!["name"]).Should().BeEquivalentTo(["c1-cm1", "c1-cm2", "c2-cm1", "c2-cm2"]);
        _env.Clusters["c3"].Requests.Snapshot().Should().BeEmpty("c3 is not env=prod");
        _env.Clusters["c1"].Requests.Snapshot().Should().OnlyContain(r => !r.PathAndQuery.Contains("clusterSelector", StringComparison.Ordinal),
            "the gateway's own parameter is not forwarded");
    }

    [Fact(Timeout = 60_000)]
    public async Task InvalidClusterSelector_400()
    {
        using var client = _env.Client();

        using var response = await GetAsync(client, "/api/v1/configmaps?clusterSelector=env+in+prod", "application/json");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]).Should().StartWith("invalid clusterSelector");
    }

    [Fact(Timeout = 60_000)]
    public async Task UserAllowedOnTwoClusters_SeesOnlyThose_AndTheThirdReceivesNoRequest()
    {
        _env.ClearRequests();

        var alice = await _env.KubectlAsync(FanOutEnvironment.AliceToken, "get", "configmaps", "-A");

        alice.ExitCode.Should().Be(0, alice.StdErr);
        Rows(alice.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Keys.Should()
            .BeEquivalentTo(["c1-cm1", "c1-cm2", "c2-cm1", "c2-cm2"]);
        _env.Clusters["c1"].Requests.Snapshot().Should().NotBeEmpty();
        _env.Clusters["c3"].Requests.Snapshot().Should().BeEmpty("alice may not proxy to c3");

        // The same command as someone allowed everywhere does reach c3: the absence above is the authorization.
        var admin = await _env.KubectlAsync(null, "get", "configmaps", "-A");
        admin.ExitCode.Should().Be(0, admin.StdErr);
        _env.Clusters["c3"].Requests.Snapshot().Should().Contain(r => r.Path == "/api/v1/configmaps");
    }

    [Fact(Timeout = 60_000)]
    public async Task Writes_AndNamedGet_405ReadOnly_NoClusterAsked()
    {
        _env.ClearRequests();
        using var client = _env.Client();

        var create = await _env.KubectlAsync(null, "create", "configmap", "new", "-n", "default");
        using var delete = await client.DeleteAsync(FanOutEnvironment.FanOutPath + "/api/v1/namespaces/default/configmaps/c1-cm1");
        using var named = await GetAsync(client, "/api/v1/namespaces/default/configmaps/c1-cm1", "application/json");
        using var list = await GetAsync(client, "/api/v1/namespaces/default/configmaps", "application/json");

        create.ExitCode.Should().NotBe(0);
        create.StdErr.Should().Contain("fan-out (clustergateways/*/proxy) is read-only");
        delete.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        named.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        ((string?)JsonNode.Parse(await named.Content.ReadAsStringAsync())!["message"]).Should().Contain("fan-out").And.Contain("read-only");
        list.StatusCode.Should().Be(HttpStatusCode.OK, "a read after the refused ones is served");
        _env.Clusters.Values.SelectMany(c => c.Requests.Snapshot())
            .Should().OnlyContain(r => r.Method == "GET" && !r.Path.EndsWith("/c1-cm1", StringComparison.Ordinal));
        _env.Clusters["c1"].Store.Get(FakeResource.ConfigMaps, "default", "c1-cm1").Should().NotBeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task LimitAndContinue_RawHttp_EveryItemExactlyOnce_NoPageOverTheLimit()
    {
        using var client = _env.Client();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "/api/v1/configmaps?limit=4" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            using var response = await GetAsync(client, query, "application/json");
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var names = page["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).ToList();
            names.Count.Should().BeLessThanOrEqualTo(4);
            seen.AddRange(names);
            token = (string?)page["metadata"]!["continue"];
            token.Should().Match(t => t == null || t.StartsWith(ClusterVector.Prefix, StringComparison.Ordinal));
            pages++;
        }
        while (token is not null && pages < 20);

        seen.Should().BeEquivalentTo(All).And.OnlyHaveUniqueItems();
        pages.Should().BeGreaterThan(1);
    }

    [Fact(Timeout = 60_000)]
    public async Task ChunkSize_Kubectl_PagesThroughEveryCluster()
    {
        var result = await _env.KubectlAsync(null, "get", "configmaps", "-A", "--chunk-size=1");

        result.ExitCode.Should().Be(0, result.StdErr);
        Rows(result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Keys.Should().BeEquivalentTo(All);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("continue=not-a-vector")]
    [InlineData("continue=cg1.%21%21")]
    [InlineData("resourceVersion=12")]
    public async Task MalformedVectorToken_400BadRequest(string parameter)
    {
        using var client = _env.Client();

        using var response = await GetAsync(client, "/api/v1/configmaps?" + parameter, "application/json");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task ListResourceVersion_IsAVectorOfEveryClustersVersion_AndSendsEachItsOwn()
    {
        using var client = _env.Client();
        using var first = await GetAsync(client, "/api/v1/configmaps", "application/json");
        var version = (string)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!;
        ClusterVector.TryDecode(version, out var positions).Should().BeTrue(version);
        positions!.Keys.Should().BeEquivalentTo(["c1", "c2", "c3"]);
        _env.ClearRequests();

        using var again = await GetAsync(client, "/api/v1/configmaps?resourceVersion=" + Uri.EscapeDataString(version) +
            "&resourceVersionMatch=NotOlderThan", "application/json");

        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        foreach (var (cluster, own) in positions)
        {
            _env.Clusters[cluster].Requests.Snapshot().Should()
                .Contain(r => r.PathAndQuery.Contains("resourceVersion=" + own, StringComparison.Ordinal), cluster);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task EncodedStar_LowerCase_SameFanOut()
    {
        using var client = _env.Client();

        using var response = await client.GetAsync(
            "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/%2a/proxy/api/v1/namespaces/default/configmaps");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Should().HaveCount(3);
    }

    [Fact(Timeout = 60_000)]
    public async Task Metrics_FanOutCounterByVerbAndResult_AndEachClusterCountedAsAProxiedRequest()
    {
        using var client = _env.Client();
        (await GetAsync(client, "/api/v1/configmaps?clusterSelector=env%3Ddev", "application/json")).Dispose();
        (await client.PostAsync(FanOutEnvironment.FanOutPath + "/api/v1/namespaces/default/configmaps", null)).Dispose();

        var lines = (await client.GetStringAsync("/metrics")).Split('\n');

        lines.Should().Contain(l => l.StartsWith("cluster_gateway_fanout_requests_total{", StringComparison.Ordinal) &&
                                    l.Contains("verb=\"list\"", StringComparison.Ordinal) &&
                                    l.Contains("result=\"complete\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("cluster_gateway_fanout_requests_total{", StringComparison.Ordinal) &&
                                    l.Contains("verb=\"create\"", StringComparison.Ordinal) &&
                                    l.Contains("result=\"refused\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("ocm_proxy_proxied_requests_by_cluster_total{", StringComparison.Ordinal) &&
                                    l.Contains("cluster=\"c3\"", StringComparison.Ordinal) &&
                                    l.Contains("code=\"200\"", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task TableWithIncludeObject_RowObjectsAnnotated()
    {
        using var client = _env.Client();

        using var response = await GetAsync(client, "/api/v1/namespaces/default/configmaps?includeObject=Object", Table);

        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]!.AsArray();
        rows.Should().HaveCount(3);
        foreach (var row in rows)
        {
            var cluster = (string)row!["cells"]![0]!;
            ((string?)row["object"]!["metadata"]!["annotations"]![ClusterVector.ClusterNameAnnotation]).Should().Be(cluster);
            ((string?)row["object"]!["metadata"]!["name"]).Should().StartWith(cluster + "-");
        }
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string rest, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, FanOutEnvironment.FanOutPath + rest);
        request.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(request);
    }

    // NAME -> CLUSTER of kubectl's -A table (NAMESPACE CLUSTER NAME ...), for this test's ConfigMaps only.
    internal static Dictionary<string, string> Rows(IEnumerable<string> lines) => lines.Skip(1)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(c => c.Length > 2 && c[2].Contains("-cm", StringComparison.Ordinal))
        .ToDictionary(c => c[2], c => c[1]);
}
