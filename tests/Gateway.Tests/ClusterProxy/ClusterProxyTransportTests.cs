using System.Net;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>
/// Tunnelled connections are pooled (many requests, few dials), the managed cluster's certificate is verified inside
/// the tunnel, and dial failures answer a Status naming the cluster and the proxy server, with the cause once.
/// </summary>
[Collection(ClusterProxyCollection.Name)]
public sealed class ClusterProxyTransportTests(ClusterProxyFixture fixture)
{
    private const string ConfigMaps = "api/v1/namespaces/default/configmaps";

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task HundredRequests_ThroughTheProxy_ReusePooledTunnels(string frontend)
    {
        var env = fixture.For(frontend);
        using var client = env.Hub.CreateGatewayClient();
        var dialsBefore = env.Dials;
        var requestsBefore = env.Managed.Requests.Count;

        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(Path("proxied", ConfigMaps));
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        (env.Managed.Requests.Count - requestsBefore).Should().Be(100);
        (env.Dials - dialsBefore).Should().BeLessThanOrEqualTo(2, "tunnels are pooled, not opened per request");
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task WrongClusterCa_ThroughTheTunnel_FailsWithAStatusNamingTheCluster(string frontend)
    {
        var env = fixture.For(frontend);
        using var client = env.Hub.CreateGatewayClient();
        var requestsBefore = env.Managed.Requests.Count;

        var (status, message) = await GetStatusAsync(client, Path("wrong-ca", ConfigMaps));

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        message.Should().Be("cluster wrong-ca is unreachable: TLS handshake with the cluster failed: " +
                             "its certificate is not signed by the cluster's CA bundle");
        env.Managed.Requests.Count.Should().Be(requestsBefore, "no request may reach an unverified cluster");
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task NoAgentForTheCluster_Answers503NamingTheClusterAndTheProxyServer(string frontend)
    {
        var env = fixture.For(frontend);
        using var client = env.Hub.CreateGatewayClient();

        var (status, message) = await GetStatusAsync(client, Path("no-agent", ConfigMaps));

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        message.Should().StartWith("cluster no-agent is unreachable: proxy-server 127.0.0.1:").And.EndWith("No agent available");
        ClusterProxyFailureTests.Occurrences(message, "no-agent:443").Should().Be(1, message);
        ClusterProxyFailureTests.Occurrences(message, "No agent available").Should().Be(1, message);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("grpc", "renamed")]
    [InlineData("grpc", "insecure")]
    [InlineData("http-connect", "renamed")]
    [InlineData("http-connect", "insecure")]
    public async Task TlsServerNameOrInsecureOptIn_ThroughTheTunnel_Reaches(string frontend, string cluster)
    {
        var env = fixture.For(frontend);
        using var client = env.Hub.CreateGatewayClient();

        using var response = await client.GetAsync(Path(cluster, ConfigMaps));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    internal static string Path(string cluster, string path) =>
        $"/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy/{path}";

    internal static async Task<(HttpStatusCode Status, string Message)> GetStatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["kind"]!.GetValue<string>().Should().Be("Status");
        return (response.StatusCode, body["message"]!.GetValue<string>());
    }
}
