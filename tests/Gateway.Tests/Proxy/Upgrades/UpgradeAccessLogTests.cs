using System.Globalization;
using System.Text.RegularExpressions;
using ClusterGateway.Gateway.Tests.Acceptance;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Upgrades;

/// <summary>
/// The access log of an upgraded request: written when the session ends, with its length; here through
/// Microsoft.Extensions.Logging (the way out when the host logs without Serilog, as the hub environment does).
/// </summary>
public sealed partial class UpgradeAccessLogTests(HubEnvironmentFixture fixture) : IClassFixture<HubEnvironmentFixture>
{
    private readonly HubEnvironment _env = fixture.Env;

    [Theory(Timeout = 60_000)]
    [InlineData(ProxiedKubectl.WebSocket, "get")]
    [InlineData(ProxiedKubectl.Spdy, "create")]
    public async Task Exec_LineWithTheSessionLength_WhenTheSessionEnds(string transport, string verb)
    {
        var pod = $"logged-{transport}";
        _env.ClusterB.Store.Put(FakePods.Running(pod));

        var result = await ProxiedKubectl.RunAsync(_env, "cluster-b", transport, "hi\n", "exec", "-i", pod, "--", "cat");

        result.ExitCode.Should().Be(0, result.StdErr);
        var line = await _env.Logs.WaitForAsync(l => l.StartsWith("Information ClusterGateway.Gateway.AccessLog:", StringComparison.Ordinal)
                && l.Contains($"subresource=exec namespace=default name={pod} ", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the access log line of the exec session");
        line.Should().Contain($"/clustergateways/cluster-b/proxy/api/v1/namespaces/default/pods/{pod}/exec cluster=cluster-b " +
            $"verb={verb} resource=pods subresource=exec namespace=default name={pod} status=101 ")
            .And.NotContain("command=").And.NotContain(_env.Gateway.Token).And.NotContain(HubEnvironment.ClusterBToken);
        var session = double.Parse(Session().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        var duration = double.Parse(Duration().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        session.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(duration / 1000 + 0.001, "the session is part of the request");
        long.Parse(Bytes().Match(line).Groups[1].Value, CultureInfo.InvariantCulture).Should().BePositive("the echo and the exit status");
    }

    [GeneratedRegex(@" session=([0-9.]+)s$")]
    private static partial Regex Session();

    [GeneratedRegex(@" duration=([0-9.]+)ms")]
    private static partial Regex Duration();

    [GeneratedRegex(@" bytes=([0-9]+) ")]
    private static partial Regex Bytes();
}
