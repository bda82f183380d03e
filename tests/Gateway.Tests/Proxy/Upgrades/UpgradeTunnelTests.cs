using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Upgrades;

/// <summary><see cref="UpgradeTunnel"/> over loopback sockets: both directions flow, either side's close ends both.</summary>
public sealed class UpgradeTunnelTests
{
    [Fact(Timeout = 20_000)]
    public async Task PumpAsync_ClusterCloses_RelaysBothWaysThenClosesTheClusterLeg()
    {
        var (clientFar, clientNear) = await ConnectedPairAsync();
        var (clusterNear, clusterFar) = await ConnectedPairAsync();
        var pumping = UpgradeTunnel.PumpAsync(clientNear, clusterNear, CancellationToken.None);

        await clientFar.WriteAsync(Encoding.ASCII.GetBytes("up"));
        (await ReadAsync(clusterFar, 2)).Should().Be("up");
        await clusterFar.WriteAsync(Encoding.ASCII.GetBytes("down!"));
        (await ReadAsync(clientFar, 5)).Should().Be("down!");
        clusterFar.Close();

        var (toCluster, toClient) = await pumping.WaitAsync(TestTimeouts.Short, "the pump to stop");
        toCluster.Should().Be(2);
        toClient.Should().Be(5);
    }

    [Fact(Timeout = 20_000)]
    public async Task PumpAsync_ClientCloses_ClosesTheClusterConnection()
    {
        var (clientFar, clientNear) = await ConnectedPairAsync();
        var (clusterNear, clusterFar) = await ConnectedPairAsync();
        var pumping = UpgradeTunnel.PumpAsync(clientNear, clusterNear, CancellationToken.None);

        clientFar.Close();
        await pumping.WaitAsync(TestTimeouts.Short, "the pump to stop");

        (await clusterFar.ReadAsync(new byte[1]).AsTask().WaitAsync(TestTimeouts.Short)).Should().Be(0);
    }

    [Fact(Timeout = 20_000)]
    public async Task PumpAsync_Aborted_StopsBothDirections()
    {
        var (_, clientNear) = await ConnectedPairAsync();
        var (clusterNear, clusterFar) = await ConnectedPairAsync();
        using var aborted = new CancellationTokenSource();
        var pumping = UpgradeTunnel.PumpAsync(clientNear, clusterNear, aborted.Token);

        await aborted.CancelAsync();
        await pumping.WaitAsync(TestTimeouts.Short, "the pump to stop");

        (await clusterFar.ReadAsync(new byte[1]).AsTask().WaitAsync(TestTimeouts.Short)).Should().Be(0);
    }

    private static async Task<string> ReadAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TestTimeouts.Short);
        return Encoding.ASCII.GetString(buffer);
    }

    private static async Task<(NetworkStream Far, NetworkStream Near)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var far = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await far.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var near = await accepting;
        return (far.GetStream(), near.GetStream());
    }
}
