using System.Net;
using System.Globalization;
using ClusterGateway.Gateway.Tests.Proxy.Egress;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Credentials;

/// <summary><c>--exec-credential-timeout</c>: a hanging plugin is killed with everything it started.</summary>
public sealed class ExecCredentialTimeoutTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(_ => [],
        configureGateway: o => o with { ExecCredentialTimeout = TimeSpan.FromSeconds(1) });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task Proxy_PluginHangs_Answers503AndKillsTheProcessTree()
    {
        var plugin = PluginScript.Create(_env.Directory, "hang", "sleep 300 &\necho $! > child.pid\nwait");
        await _env.PutClusterAsync(ExecCredentialProxyTests.Dynamic("dyn-hang", _env.ClusterB, plugin.ExecConfig()));
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(ProxyTraffic.Path("dyn-hang", "/version"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ProxyTraffic.StatusMessageAsync(response)).Should().Be(
            $"cluster dyn-hang: exec credential plugin \"{plugin.Command}\" failed: exec: executable {plugin.Command} " +
            "did not finish within 1s (--exec-credential-timeout) and was killed");
        var child = int.Parse(File.ReadAllText(Path.Combine(plugin.Directory, "child.pid")).Trim(), CultureInfo.InvariantCulture);
        await WaitForExitAsync(child);
    }

    // The plugin's child gets SIGKILL with the plugin; it is gone (or a zombie awaiting its reaper) shortly after.
    private static async Task WaitForExitAsync(int pid)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Short);
        while (File.Exists($"/proc/{pid}/stat") && !IsZombie(pid))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
