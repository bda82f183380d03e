using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>
/// Real kubectl exec, attach, cp and port-forward straight against the fake API server (no gateway), over the
/// default WebSocket transports and over SPDY (<c>KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false</c>,
/// <c>KUBECTL_PORT_FORWARD_WEBSOCKETS=false</c>).
/// </summary>
public sealed class KubectlStreamingTests
{
    private const string Prefix = "Forwarding from 127.0.0.1:";

    public static TheoryData<bool> Transports => new() { true, false };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Transports))]
    public async Task Exec_CatWithStdin_EchoesInput(bool websocket)
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.Put(FakePods.Running("web"));

        var result = await Runner(env, websocket, exec: true)
            .RunAsync(env.Kubeconfig, ["exec", "-i", "web", "--", "cat"], "hello\nworld\n");

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().Be("hello\nworld\n");
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Transports))]
    public async Task Exec_NonZeroExit_BecomesKubectlExitCode(bool websocket)
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.Put(FakePods.Running("web"));

        var result = await Runner(env, websocket, exec: true)
            .RunAsync(env.Kubeconfig, ["exec", "web", "--", "sh", "-c", "exit 3"]);

        result.ExitCode.Should().Be(3, result.StdErr);
    }

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(Transports))]
    public async Task PortForward_TenMegabytes_EchoedIntact(bool websocket)
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.Put(FakePods.Running("web"));
        var runner = Runner(env, websocket, exec: false);
        await using var forward = runner.Start(env.Kubeconfig, ["port-forward", "pod/web", ":8080"]);
        var line = await forward.WaitForLineAsync(l => l.StartsWith(Prefix, StringComparison.Ordinal),
            TestTimeouts.Default);
        var port = int.Parse(line[Prefix.Length..line.IndexOf(' ', Prefix.Length)],
            System.Globalization.CultureInfo.InvariantCulture);

        var payload = RandomNumberGenerator.GetBytes(10 * 1024 * 1024);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var echo = new byte[payload.Length];
        var reading = stream.ReadExactlyAsync(echo).AsTask();
        await stream.WriteAsync(payload).AsTask().WaitAsync(TestTimeouts.Long);
        await reading.WaitAsync(TestTimeouts.Long);

        SHA256.HashData(echo).Should().Equal(SHA256.HashData(payload));
    }

    private static KubectlRunner Runner(KubectlEnvironment env, bool websocket, bool exec) =>
        env.Kubectl.WithEnvironment(exec ? "KUBECTL_REMOTE_COMMAND_WEBSOCKETS" : "KUBECTL_PORT_FORWARD_WEBSOCKETS",
            websocket ? "true" : "false");
}
