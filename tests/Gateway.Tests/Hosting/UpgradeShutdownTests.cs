using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClusterGateway.Gateway.Tests.Proxy.Upgrades;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterGateway.Gateway.Tests.Hosting;

/// <summary>
/// Shutdown ends an upgraded proxied stream (a <c>kubectl port-forward</c> tunnel) within moments instead of holding
/// it for the grace period (default 30 s), and the host stops well before that.
/// </summary>
public sealed class UpgradeShutdownTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task Shutdown_OpenPortForwardTunnel_IsClosedWithinTwoSeconds()
    {
        _env.ClusterB.Store.Put(FakePods.Running("pf"));
        var (forward, localPort) = await ProxiedKubectl.PortForwardAsync(_env, "cluster-b", ProxiedKubectl.WebSocket, "pf", 8080);
        await using var kubectl = forward;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, localPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync("ping"u8.ToArray());
        var echo = new byte[4];
        await stream.ReadExactlyAsync(echo).AsTask().WaitAsync(TestTimeouts.Default, "the echo through the open tunnel");

        var clock = Stopwatch.StartNew();
        var stopped = _env.Gateway.WaitForShutdownAsync();
        _env.Gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await _env.Logs.WaitForAsync(l => l.Contains("Upgraded connection to cluster cluster-b", StringComparison.Ordinal)
                && l.Contains("closed", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the tunnel to be closed");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        await stopped.WaitAsync(TestTimeouts.Short);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the grace period is 30 s; nothing was left to wait for");
    }
}
