using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Security;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Authorization;

/// <summary>
/// <c>--authorize-proxy-subpath</c> in hub mode. Hub policy: alice may use <c>clustergateways/proxy</c> and may
/// <c>list</c> configmaps in namespace <c>a</c>, nothing else; the gateway's own service account everything.
/// </summary>
public sealed class SubpathAuthorizationTests : IAsyncLifetime
{
    private const string Proxy = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/cluster-b/proxy";

    private readonly HubReviews _reviews = new();
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(
        configureHub: hub =>
        {
            hub.Tokens["alice-token"] = "alice";
            hub.Intercept = _reviews.InterceptAsync;
            hub.Authorize = Policy;
        },
        configureGateway: options => options with { AuthorizeProxySubpath = true });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Proxy_ListAllowedDeleteDenied_200Then403InKubeWording()
    {
        using var client = Client("alice-token");

        using var list = await client.GetAsync(Proxy + "/api/v1/namespaces/a/configmaps?limit=10");
        using var delete = await client.DeleteAsync(Proxy + "/api/v1/namespaces/a/configmaps/cm1");

        list.StatusCode.Should().Be(HttpStatusCode.OK, await list.Content.ReadAsStringAsync());
        delete.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var status = (await delete.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string?)status["reason"]).Should().Be("Forbidden");
        ((string?)status["message"]).Should().Be("configmaps \"cm1\" is forbidden: User \"alice\" cannot delete resource " +
            "\"configmaps\" in API group \"\" in the namespace \"a\": " + SecurityFixtures.PolicyReason);
        JsonNode.DeepEquals(status["details"], JsonNode.Parse("""{"name": "cm1", "kind": "configmaps"}""")).Should()
            .BeTrue(status["details"]?.ToJsonString());
        InnerReviews().Should().Equal(
            """{"namespace":"a","verb":"list","version":"v1","resource":"configmaps"}""",
            """{"namespace":"a","verb":"delete","version":"v1","resource":"configmaps","name":"cm1"}""");
        _env.ClusterB.Requests.Snapshot().Select(r => r.Method).Should().Equal("GET");
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_WatchAndNonResourcePath_ReviewedWithTheirRealVerbAndPath()
    {
        using var client = Client("alice-token");

        using var watch = await client.GetAsync(Proxy + "/api/v1/namespaces/a/configmaps?watch=1");
        using var version = await client.GetAsync(Proxy + "/version");

        watch.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ((string?)(await watch.Content.ReadFromJsonAsync<JsonObject>())!["message"]).Should()
            .StartWith("configmaps is forbidden: User \"alice\" cannot watch resource \"configmaps\"");
        version.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ((string?)(await version.Content.ReadFromJsonAsync<JsonObject>())!["message"]).Should()
            .Be("forbidden: User \"alice\" cannot get path \"/version\": " + SecurityFixtures.PolicyReason);
        InnerReviews().Should().Equal("""{"namespace":"a","verb":"watch","version":"v1","resource":"configmaps"}""");
        _reviews.SubjectAccessReviews.Select(r => r["spec"]!["nonResourceAttributes"]?.ToJsonString())
            .Should().Contain("""{"path":"/version","verb":"get"}""");
        _env.ClusterB.Requests.Snapshot().Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_RepeatedAllowedRequest_ReviewCached()
    {
        using var client = Client("alice-token");

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(Proxy + "/api/v1/namespaces/a/configmaps");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        InnerReviews().Should().ContainSingle();
        _env.ClusterB.Requests.Count.Should().Be(3);
    }

    [Fact(Timeout = 60_000)]
    public async Task Proxy_SystemMasters_NoInnerReview()
    {
        using var client = _env.CreateGatewayClient();

        using var response = await client.DeleteAsync(Proxy + "/api/v1/namespaces/a/configmaps/cm1");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "allowed, and cluster-b has no such configmap");
        InnerReviews().Should().BeEmpty();
        _env.ClusterB.Requests.Snapshot().Select(r => r.Method).Should().Equal("DELETE");
    }

    private HttpClient Client(string token)
    {
        var client = _env.CreateGatewayClient(withToken: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The resourceAttributes of reviews about anything but the gateway's own resource.</summary>
    private List<string> InnerReviews() =>
    [
        .. _reviews.SubjectAccessReviews
            .Select(r => r["spec"]!["resourceAttributes"])
            .Where(a => a is not null && (string?)a["resource"] != "clustergateways")
            .Select(a => a!.ToJsonString()),
    ];

    private static bool Policy(FakeAuthorizationRequest request) => request.User.Name switch
    {
        "alice" => request.Resource == "clustergateways" ||
                   (request.Resource == "configmaps" && request.Namespace == "a" && request.Verb == "list"),
        _ => true,
    };
}
