using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// A proxied watch is long-running: it must outlive the 60 s request timeout that cuts upstream users' streams
/// (peers-protocols §A1). Slow by nature, so it has its own category; CI runs it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LongRunningProxyTests : IAsyncLifetime
{
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 180_000)]
    public async Task ProxiedWatch_IdleFor95Seconds_StaysOpenAndDeliversTheNextEvent()
    {
        await using var watch = Kubectl.Start(_env.Kubeconfig,
            ["--server", _env.ProxyServer("cluster-a"), "get", "configmaps", "-n", "default", "-w", "--output-watch-events"]);
        await _env.ClusterA.Requests.WaitForAsync(
            r => r.PathAndQuery.Contains("watch=", StringComparison.Ordinal), TestTimeouts.Default);
        var watches = _env.ClusterA.Requests.Snapshot().Count(r => r.PathAndQuery.Contains("watch=", StringComparison.Ordinal));

        // The property under test is elapsed time itself: the stream must still be the same one after 95 s idle.
        await Task.Delay(TimeSpan.FromSeconds(95));
        _env.ClusterA.Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "after-95s", ["namespace"] = "default" },
        });

        var line = await watch.WaitForLineAsync(l => l.Contains("after-95s", StringComparison.Ordinal), TestTimeouts.Default);
        line.Should().Contain("ADDED");
        _env.ClusterA.Requests.Snapshot().Count(r => r.PathAndQuery.Contains("watch=", StringComparison.Ordinal))
            .Should().Be(watches, "the original watch must not have been cut and re-established");
    }
}
