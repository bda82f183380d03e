using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ClusterGateway.Gateway.Tests.Acceptance;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Upgrades;

/// <summary>
/// Issue 4 acceptance: <c>kubectl port-forward</c> through the gateway, over SPDY tunnelled in WebSocket
/// (<c>SPDY/3.1+portforward.k8s.io</c>, kubectl's default since 1.31) and over plain SPDY/3.1. The fake pod's port
/// echoes, so 10 MB written must come back byte for byte.
/// </summary>
public sealed class PortForwardProxyTests(HubEnvironmentFixture fixture) : IClassFixture<HubEnvironmentFixture>
{
    private const int Size = 10 * 1024 * 1024;
    private readonly HubEnvironment _env = fixture.Env;

    [Theory(Timeout = 120_000)]
    [InlineData("cluster-a", ProxiedKubectl.WebSocket)]
    [InlineData("cluster-a", ProxiedKubectl.Spdy)]
    [InlineData("cluster-b", ProxiedKubectl.WebSocket)]
    [InlineData("cluster-b", ProxiedKubectl.Spdy)]
    public async Task PortForward_TenMegabytesEachWay_EchoedIntact(string cluster, string transport)
    {
        var pod = $"pf-{transport}";
        var target = cluster == "cluster-a" ? _env.ClusterA : _env.ClusterB;
        target.Store.Put(FakePods.Running(pod));
        var (forward, localPort) = await ProxiedKubectl.PortForwardAsync(_env, cluster, transport, pod, 8080);
        (await ProxiedKubectl.EchoThroughForwardAsync(forward, localPort, Size, "10 MB")).Should().BeTrue("the echo must be intact");
        var protocol = transport == ProxiedKubectl.WebSocket
            ? "websocket SPDY/3.1+portforward.k8s.io"
            : "SPDY portforward.k8s.io";
        var closed = await _env.Logs.WaitForAsync(l =>
                l.Contains($"Upgraded connection to cluster {cluster} ({protocol}) closed", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the gateway to close the tunnel after kubectl went away");
        var bytes = Regex.Match(closed, @"(\d+) bytes to the cluster, (\d+) bytes to the client");
        long.Parse(bytes.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeGreaterThan(Size);
        long.Parse(bytes.Groups[2].Value, CultureInfo.InvariantCulture).Should().BeGreaterThan(Size);
        ProxiedKubectl.SingleUpgrade(target, $"/pods/{pod}/portforward", transport);
    }
}
