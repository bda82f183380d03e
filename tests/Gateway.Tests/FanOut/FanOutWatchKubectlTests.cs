using System.Diagnostics;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// Real <c>kubectl get -w</c> on the fan-out watch. The list kubectl sends first is served by
/// <see cref="FanOutListStandIn"/>, discovery by the first cluster: this checks the watch the way kubectl reads it.
/// </summary>
public sealed class FanOutWatchKubectlTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fanout-watch-" + Guid.NewGuid().ToString("N"));
    private FakeMemberCluster[] _clusters = [];

    public async Task InitializeAsync()
    {
        _clusters = await Task.WhenAll(
            FakeMemberCluster.StartAsync("c1"), FakeMemberCluster.StartAsync("c2"), FakeMemberCluster.StartAsync("c3"));
        foreach (var cluster in _clusters)
        {
            cluster.PutConfigMap("cm-" + cluster.Name, "1");
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_clusters.Select(c => c.DisposeAsync().AsTask()));
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 90_000)]
    public async Task Get_watch_shows_changes_of_every_cluster_with_the_cluster_column_and_survives_a_cluster_stopping()
    {
        var (c1, c2, c3) = (_clusters[0], _clusters[1], _clusters[2]);
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_clusters), withList: true);
        await using var kubectl = Kubectl.Start(host.WriteKubeconfig(_directory), ["get", "configmaps", "-w"]);
        foreach (var cluster in _clusters)
        {
            await kubectl.WaitForLineAsync(l => l.StartsWith(cluster.Name + " ", StringComparison.Ordinal) &&
                l.Contains("cm-" + cluster.Name, StringComparison.Ordinal), TestTimeouts.Default);
            await cluster.Store.WaitForWatchAsync(FakeResource.ConfigMaps);
        }

        Columns(kubectl.Lines[0]).Should().StartWith(["CLUSTER", "NAME"]);
        var clock = Stopwatch.StartNew();
        c2.PutConfigMap("new-in-c2", "1");
        Columns(await kubectl.WaitForLineAsync(l => l.Contains("new-in-c2", StringComparison.Ordinal), TestTimeouts.Default))
            .Should().StartWith(["c2", "new-in-c2"]);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "a change shows within a second");

        await c3.StopServerAsync();
        c1.PutConfigMap("new-in-c1", "1");
        Columns(await kubectl.WaitForLineAsync(l => l.Contains("new-in-c1", StringComparison.Ordinal), TestTimeouts.Default))
            .Should().StartWith(["c1", "new-in-c1"]);
        kubectl.HasExited.Should().BeFalse(kubectl.StdErr);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_cluster_down_when_the_watch_starts_is_printed_as_a_warning_and_shows_up_when_back()
    {
        var c3 = _clusters[2];
        await c3.StopServerAsync();
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_clusters), withList: true);
        await using var kubectl = Kubectl.Start(host.WriteKubeconfig(_directory), ["get", "configmaps", "-w"]);
        await kubectl.WaitForLineAsync(l => l.Contains("cm-c2", StringComparison.Ordinal), TestTimeouts.Default);
        await _clusters[1].Store.WaitForWatchAsync(FakeResource.ConfigMaps);

        await c3.StartServerAsync();
        Columns(await kubectl.WaitForLineAsync(l => l.Contains("cm-c3", StringComparison.Ordinal), TestTimeouts.Default))
            .Should().StartWith(["c3", "cm-c3"]);
        kubectl.StdErr.Should().Contain("Warning: cluster c3: connection refused");
    }

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
