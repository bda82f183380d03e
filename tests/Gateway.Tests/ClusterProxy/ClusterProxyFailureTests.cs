using System.Net;
using ClusterGateway.Gateway.Tests.Proxy.Upgrades;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>
/// Failures through the cluster-proxy are answered with one cause, once, in words; finished tunnels are closed the
/// konnectivity way (CLOSE_REQ), so the proxy-server and the agent learn of it at once.
/// </summary>
[Collection(ClusterProxyCollection.Name)]
public sealed class ClusterProxyFailureTests(ClusterProxyFixture fixture)
{
    private const string ConfigMaps = "api/v1/namespaces/default/configmaps";

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task AgentConnectRefused_Answers503WithTheAgentsErrorOnce(string frontend)
    {
        var env = fixture.For(frontend);
        using var client = env.Hub.CreateGatewayClient();

        var (status, message) = await ClusterProxyTransportTests.GetStatusAsync(client,
            ClusterProxyTransportTests.Path("refused", ConfigMaps));

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        message.Should().StartWith("cluster refused is unreachable: proxy-server 127.0.0.1:").And.Contain("refused:443");
        Occurrences(message, "connection refused").Should().Be(1, message);
        message.Should().NotContainAny("inner exception", "An error occurred", "Exception");
    }

    [Fact(Timeout = 90_000)]
    public async Task FinishedExecThroughTheGrpcTunnel_SendsCloseRequestForItsConnection()
    {
        var env = fixture.For("grpc");
        var pod = "cat-close";
        env.Managed.Store.Put(FakePods.Running(pod));
        var before = env.Konnectivity.GrpcConnections.Count;

        var result = await ProxiedKubectl.RunAsync(env.Hub, "proxied", ProxiedKubectl.WebSocket, "bye\n",
            "exec", "-i", pod, "--", "cat");

        result.ExitCode.Should().Be(0, result.StdErr);
        var opened = env.Konnectivity.GrpcConnections.Skip(before).Select(c => c.ConnectId).ToList();
        opened.Should().NotBeEmpty("the upgrade dialed its own tunnel");
        // The exec's tunnel is the one that ends; a pooled connection dialed meanwhile stays open.
        await Task.WhenAny(opened.Select(env.Konnectivity.CloseRequested))
            .WaitAsync(TestTimeouts.Short, "CLOSE_REQ for the finished exec's tunnel");
    }

    internal static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(part, at + part.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
