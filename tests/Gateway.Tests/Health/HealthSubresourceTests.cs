using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Health;

/// <summary>Issue 3 acceptance: the health subresource writes the Secret's annotations and reads back at once.</summary>
public sealed class HealthSubresourceTests : IAsyncLifetime
{
    private const string HealthPath = "apis/cluster.core.oam.dev/v1alpha1/clustergateways/{0}/health";

    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Put_HealthyWithReason_IsStoredAndShownByGetAndKubectl()
    {
        var body = Path.Combine(_env.Directory, "health.json");
        await File.WriteAllTextAsync(body, """
            {"apiVersion":"cluster.core.oam.dev/v1alpha1","kind":"ClusterGateway","metadata":{"name":"cluster-b"},
             "status":{"healthy":true,"healthyReason":"ConnectionTimeout"}}
            """);

        var put = await Kubectl.RunAsync(_env.Kubeconfig,
            ["replace", "--raw", "/" + string.Format(HealthPath, "cluster-b"), "-f", body], timeout: TestTimeouts.Default);

        put.ExitCode.Should().Be(0, put.StdErr);
        var answer = JsonNode.Parse(put.StdOut)!;
        ((bool?)answer["status"]!["healthy"]).Should().BeTrue();
        ((string?)answer["status"]!["healthyReason"]).Should().Be("ConnectionTimeout");

        var secret = _env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-b")!;
        ((string?)secret["metadata"]!["annotations"]!["status.cluster.core.oam.dev/healthy"]).Should().Be("true");
        ((string?)secret["metadata"]!["annotations"]!["status.cluster.core.oam.dev/healthy-reason"]).Should().Be("ConnectionTimeout");

        using var client = _env.CreateGatewayClient();
        var get = JsonNode.Parse(await client.GetStringAsync(string.Format(HealthPath, "cluster-b")))!;
        ((string?)get["status"]!["healthyReason"]).Should().Be("ConnectionTimeout");

        var table = await Kubectl.RunAsync(_env.Kubeconfig, ["get", "clustergateways"], timeout: TestTimeouts.Default);
        table.StdOut.Split('\n').Single(l => l.StartsWith("cluster-b", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("cluster-b", "ServiceAccountToken", "Const", "true");
    }

    [Fact(Timeout = 60_000)]
    public async Task Patch_MergePatch_ChangesOnlyTheGivenFields()
    {
        using var client = _env.CreateGatewayClient();
        await Send(client, HttpMethod.Put, "cluster-a", """{"status":{"healthy":true,"healthyReason":"Probed"}}""");

        using var response = await Send(client, HttpMethod.Patch, "cluster-a", """{"status":{"healthy":false}}""",
            "application/merge-patch+json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((bool?)answer["status"]!["healthy"]).Should().BeFalse();
        ((string?)answer["status"]!["healthyReason"]).Should().Be("Probed");
    }

    [Fact(Timeout = 60_000)]
    public async Task Put_StaleResourceVersion_Is409Conflict()
    {
        using var client = _env.CreateGatewayClient();

        using var response = await Send(client, HttpMethod.Put, "cluster-a",
            """{"metadata":{"name":"cluster-a","resourceVersion":"1"},"status":{"healthy":true}}""");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Contain("the object has been modified");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("nope", "PUT", """{"status":{"healthy":true}}""", "application/json", HttpStatusCode.NotFound)]
    [InlineData("broken", "PUT", """{"status":{"healthy":true}}""", "application/json", HttpStatusCode.ServiceUnavailable)]
    [InlineData("cluster-a", "PUT", """{"metadata":{"name":"other"},"status":{}}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("cluster-a", "PUT", "{not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("cluster-a", "PATCH", """[{"op":"add","path":"/status/healthy","value":true}]""", "application/json-patch+json",
        HttpStatusCode.UnsupportedMediaType)]
    public async Task Write_BadRequests_AnswerWithStatusAndChangeNothing(string cluster, string method, string body,
        string contentType, HttpStatusCode expected)
    {
        using var client = _env.CreateGatewayClient();
        var before = _env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-a")!.ToJsonString();

        using var response = await Send(client, new HttpMethod(method), cluster, body, contentType);

        response.StatusCode.Should().Be(expected);
        ((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["kind"]).Should().Be("Status");
        _env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, "cluster-a")!.ToJsonString()
            .Should().Be(before);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string cluster, string body,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, string.Format(HealthPath, cluster))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        return await client.SendAsync(request);
    }
}
