using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ClusterGateway.Gateway.Tests.Proxy.Upgrades;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>
/// Issue 5 acceptance: <c>kubectl exec</c> and <c>kubectl port-forward</c> to a ClusterProxy cluster: the upgraded
/// connection runs inside a konnectivity tunnel (both frontends), over WebSocket and SPDY/3.1.
/// </summary>
[Collection(ClusterProxyCollection.Name)]
public sealed class ClusterProxyUpgradeTests(ClusterProxyFixture fixture)
{
    private const int Size = 1024 * 1024;

    public static TheoryData<string, string> FrontendsAndTransports => new()
    {
        { "grpc", ProxiedKubectl.WebSocket },
        { "grpc", ProxiedKubectl.Spdy },
        { "http-connect", ProxiedKubectl.WebSocket },
        { "http-connect", ProxiedKubectl.Spdy },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(FrontendsAndTransports))]
    public async Task Exec_CatWithStdin_EchoesThroughTheTunnel(string frontend, string transport)
    {
        var env = fixture.For(frontend);
        var pod = $"cat-{transport}";
        env.Managed.Store.Put(FakePods.Running(pod));
        var dialsBefore = env.Dials;

        var result = await ProxiedKubectl.RunAsync(env.Hub, "proxied", transport, "hello\nthrough the tunnel\n",
            "exec", "-i", pod, "--", "cat");

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Be("hello\nthrough the tunnel\n");
        ProxiedKubectl.SingleUpgrade(env.Managed, $"/pods/{pod}/exec", transport).User
            .Should().Be(ClusterProxyEnvironment.User);
        env.Dials.Should().BeGreaterThan(dialsBefore, "an upgraded connection is never taken from the pool");
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(FrontendsAndTransports))]
    public async Task PortForward_OneMegabyteEachWay_EchoedIntactThroughTheTunnel(string frontend, string transport)
    {
        var env = fixture.For(frontend);
        var pod = $"pf-{transport}";
        env.Managed.Store.Put(FakePods.Running(pod));
        var (forward, localPort) = await ProxiedKubectl.PortForwardAsync(env.Hub, "proxied", transport, pod, 8080);
        (await ProxiedKubectl.EchoThroughForwardAsync(forward, localPort, Size, "1 MB")).Should().BeTrue("the echo must be intact");
        ProxiedKubectl.SingleUpgrade(env.Managed, $"/pods/{pod}/portforward", transport);
    }
}
