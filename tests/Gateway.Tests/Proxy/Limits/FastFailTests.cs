using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;

namespace ClusterGateway.Gateway.Tests.Proxy.Limits;

/// <summary><c>--fast-fail-unhealthy-clusters</c>: which health states refuse requests without contacting the cluster.</summary>
public sealed class FastFailTests : IAsyncLifetime
{
    private const string Healthy = "status.cluster.core.oam.dev/healthy";
    private const string Reason = "status.cluster.core.oam.dev/healthy-reason";
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(env =>
        [
            env.TokenSecret("down", HubEnvironment.ClusterBToken).WithAnnotations((Healthy, "false"), (Reason, "ConnectionTimeout")),
            env.TokenSecret("never-probed", HubEnvironment.ClusterBToken),
            env.TokenSecret("up", HubEnvironment.ClusterBToken).WithAnnotations((Healthy, "true"), (Reason, "")),
            env.TokenSecret("no-reason", HubEnvironment.ClusterBToken).WithAnnotations((Healthy, "false")),
            env.TokenSecret("unreadable", HubEnvironment.ClusterBToken).WithAnnotations((Healthy, "maybe")),
        ],
        configureGateway: o => o with { FastFailUnhealthyClusters = true });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Proxy_UnhealthyWithReason_Answers503WithoutContactingTheCluster()
    {
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("down", "/api/v1/namespaces"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["reason"]).Should().Be("ServiceUnavailable");
        ((string?)status["message"]).Should().Be("cluster down is unhealthy: ConnectionTimeout");
        ((string?)status["details"]!["name"]).Should().Be("down");
        _env.ClusterB.Requests.Snapshot().Should().BeEmpty();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("down", "/healthz")]
    [InlineData("down", "/readyz?verbose")]
    [InlineData("never-probed", "/api/v1/namespaces")]
    [InlineData("up", "/api/v1/namespaces")]
    [InlineData("no-reason", "/api/v1/namespaces")]
    [InlineData("unreadable", "/api/v1/namespaces")]
    public async Task Proxy_NotKnownToBeDownOrAHealthProbe_IsForwarded(string cluster, string path)
    {
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path(cluster, path));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        _env.ClusterB.Requests.Snapshot().Should().ContainSingle();
    }
}
