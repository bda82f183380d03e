using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Upgrades;

/// <summary>
/// kubectl through the gateway's proxy subresource with a chosen streaming transport: WebSocket (kubectl's default
/// since 1.30 for exec/attach/cp and 1.31 for port-forward) or SPDY/3.1 (the <c>KUBECTL_*_WEBSOCKETS=false</c>
/// fallback).
/// </summary>
internal static class ProxiedKubectl
{
    public const string WebSocket = "websocket";
    public const string Spdy = "spdy";

    /// <summary>Runs a remote command (exec, attach, cp) to completion, feeding <paramref name="stdin"/>.</summary>
    public static Task<KubectlResult> RunAsync(HubEnvironment env, string cluster, string transport, string? stdin,
        params string[] args) =>
        Runner("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", transport)
            .RunAsync(env.Kubeconfig, ["--server", env.ProxyServer(cluster), .. args], stdin, TestTimeouts.Default);

    /// <summary>Starts <c>kubectl port-forward pod/POD :PORT</c>; returns it and the local port once it listens.</summary>
    public static async Task<(KubectlProcess Process, int LocalPort)> PortForwardAsync(HubEnvironment env,
        string cluster, string transport, string pod, int port)
    {
        const string prefix = "Forwarding from 127.0.0.1:";
        var process = Runner("KUBECTL_PORT_FORWARD_WEBSOCKETS", transport).Start(env.Kubeconfig,
            ["--server", env.ProxyServer(cluster), "port-forward", $"pod/{pod}", $":{port}"]);
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal),
                TestTimeouts.Default);
            var localPort = line[prefix.Length..line.IndexOf(' ', prefix.Length)];
            return (process, int.Parse(localPort, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The single upgrade request the cluster saw for <paramref name="pathSuffix"/>, asserting it used
    /// <paramref name="transport"/>: kubectl silently falls back from WebSocket to SPDY, which would hide a broken
    /// WebSocket relay.
    /// </summary>
    public static RecordedRequest SingleUpgrade(FakeApiServer cluster, string pathSuffix, string transport)
    {
        var upgrades = cluster.Requests.Snapshot()
            .Where(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal))
            .ToList();
        upgrades.Should().ContainSingle($"kubectl must not have fallen back from {transport}");
        upgrades[0].Header("Upgrade").Should().Be(transport == WebSocket ? "websocket" : "SPDY/3.1");
        upgrades[0].Protocol.Should().Be("HTTP/1.1");
        return upgrades[0];
    }

    private static KubectlRunner Runner(string variable, string transport) =>
        Kubectl.Default.WithEnvironment(variable, transport == WebSocket ? "true" : "false");

    /// <summary>
    /// Writes <paramref name="size"/> random bytes to a forwarded local port (the fake pod echoes them) while reading the
    /// echo; returns whether the echo is identical (SHA-256). Disposes <paramref name="forward"/> (kubectl) at the end.
    /// </summary>
    public static async Task<bool> EchoThroughForwardAsync(IAsyncDisposable forward, int localPort, int size, string what)
    {
        var payload = System.Security.Cryptography.RandomNumberGenerator.GetBytes(size);
        var echo = new byte[size];
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, localPort);
            var stream = client.GetStream();
            var reading = stream.ReadExactlyAsync(echo).AsTask();
            await stream.WriteAsync(payload).AsTask().WaitAsync(TestTimeouts.Long, $"{what} to reach the forwarded port");
            await reading.WaitAsync(TestTimeouts.Long, $"{what} to come back");
        }
        finally
        {
            // Killing kubectl closes its side: the gateway must tear the tunnel down.
            await forward.DisposeAsync();
        }

        return System.Security.Cryptography.SHA256.HashData(echo).SequenceEqual(System.Security.Cryptography.SHA256.HashData(payload));
    }
}
