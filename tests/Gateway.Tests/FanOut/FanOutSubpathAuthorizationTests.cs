using System.Net;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// <c>--authorize-proxy-subpath</c> applies to every cluster of a fan-out, through the same filters: alice may proxy
/// to c1 and c2 but not list ConfigMaps, so her fan-out list is refused per cluster and reaches no cluster.
/// </summary>
public sealed class FanOutSubpathAuthorizationTests : IAsyncLifetime
{
    private FanOutEnvironment _env = null!;

    public async Task InitializeAsync() =>
        _env = await FanOutEnvironment.StartAsync(o => o with { AuthorizeProxySubpath = true });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task InnerListDenied_403NamingEachAllowedCluster_NoClusterReached()
    {
        using var alice = _env.Client(FanOutEnvironment.AliceToken);

        using var response = await alice.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/namespaces/default/configmaps");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "every cluster refused it with 403");
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"];
        message.Should().Contain("cluster c1: configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\"")
            .And.Contain("cluster c2: ").And.NotContain("c3");
        _env.Clusters.Values.SelectMany(c => c.Requests.Snapshot()).Should().BeEmpty();

        // The admin's identical list is reviewed, allowed and reaches every cluster.
        using var admin = _env.Client();
        using var allowed = await admin.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/namespaces/default/configmaps");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        _env.Clusters.Values.Should().OnlyContain(c => c.Requests.Count > 0);
    }
}
