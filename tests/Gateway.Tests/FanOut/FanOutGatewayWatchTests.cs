using System.Diagnostics;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// The fan-out watch through the gateway (<c>clustergateways/*/proxy</c>, hub mode, three fake clusters): real
/// <c>kubectl get -A -w</c>, a cluster stopping or down at the start, and a watch resumed from its last
/// resourceVersion across a gateway restart.
/// </summary>
public sealed class FanOutGatewayWatchTests
{
    private const string ConfigMaps = "/api/v1/configmaps";

    [Fact(Timeout = 120_000)]
    public async Task KubectlGetWatch_ShowsEveryClustersChangesWithinASecond_AndKeepsFlowingWhenOneClusterStops()
    {
        await using var env = await FanOutEnvironment.StartAsync();
        await using var kubectl = Kubectl.Start(env.Kubeconfig, ["--server", env.FanOutServer, "get", "configmaps", "-A", "-w"]);
        foreach (var (name, cluster) in env.Clusters)
        {
            await kubectl.WaitForLineAsync(l => l.Contains($" {name} ", StringComparison.Ordinal) &&
                l.Contains($"{name}-cm1", StringComparison.Ordinal), TestTimeouts.Default);
            await cluster.Store.WaitForWatchAsync(FakeResource.ConfigMaps);
        }

        Columns(kubectl.Lines[0]).Should().StartWith(["NAMESPACE", "CLUSTER", "NAME"]);
        var clock = Stopwatch.StartNew();
        env.Clusters["c2"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("default", "new-in-c2"));
        Columns(await kubectl.WaitForLineAsync(l => l.Contains("new-in-c2", StringComparison.Ordinal), TestTimeouts.Default))
            .Should().StartWith(["default", "c2", "new-in-c2"]);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "a change shows within a second");

        await env.StopClusterAsync("c3");
        await env.Logs.WaitForAsync(l => l.Contains("Fan-out watch: cluster c3 failed", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "the gateway's warning about c3");
        env.Clusters["c1"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("default", "new-in-c1"));
        Columns(await kubectl.WaitForLineAsync(l => l.Contains("new-in-c1", StringComparison.Ordinal), TestTimeouts.Default))
            .Should().StartWith(["default", "c1", "new-in-c1"]);
        kubectl.HasExited.Should().BeFalse(kubectl.StdErr);
    }

    [Fact(Timeout = 120_000)]
    public async Task KubectlGetWatch_ClusterDownAtStart_IsPrintedAsWarning_AndJoinsWhenBack()
    {
        await using var env = await FanOutEnvironment.StartAsync();
        await env.StopClusterAsync("c3");
        await using var kubectl = Kubectl.Start(env.Kubeconfig, ["--server", env.FanOutServer, "get", "configmaps", "-A", "-w"]);
        await kubectl.WaitForLineAsync(l => l.Contains("c2-cm1", StringComparison.Ordinal), TestTimeouts.Default);
        await env.Clusters["c2"].Store.WaitForWatchAsync(FakeResource.ConfigMaps);

        await env.StartClusterAsync("c3");
        Columns(await kubectl.WaitForLineAsync(l => l.Contains("c3-cm1", StringComparison.Ordinal), TestTimeouts.Default))
            .Should().StartWith(["default", "c3", "c3-cm1"]);
        kubectl.StdErr.Should().Contain("Warning: cluster c3");
    }

    [Fact(Timeout = 120_000)]
    public async Task WatchResumedWithItsLastResourceVersion_AfterAGatewayRestart_LosesNoEventAndRepeatsNone()
    {
        await using var env = await FanOutEnvironment.StartAsync();
        string vector;
        using (var client = env.Client())
        {
            await using var watch = await OpenAsync(client, "?watch=1");
            (await watch.ReadChangesAsync(6)).Keys.Should().BeEquivalentTo(
                "c1/c1-cm1", "c1/c1-cm2", "c2/c2-cm1", "c2/c2-cm2", "c3/c3-cm1", "c3/c3-cm2");
            env.Clusters["c1"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("default", "before-restart"));
            var last = await watch.NextChangeAsync();
            FanOutStream.Name(last).Should().Be("before-restart");
            vector = FanOutStream.ResourceVersion(last);
            FanOutStream.Vector(last).Keys.Should().BeEquivalentTo("c1", "c2", "c3");
        }

        await env.RestartGatewayAsync();
        env.Clusters["c1"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("default", "while-away-c1"));
        env.Clusters["c3"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("kube-system", "while-away-c3"));

        using var resumedClient = env.Client();
        await using var resumed = await OpenAsync(resumedClient, "?watch=1&resourceVersion=" + Uri.EscapeDataString(vector));
        (await resumed.ReadChangesAsync(2)).Keys.Should().BeEquivalentTo("c1/while-away-c1", "c3/while-away-c3");
        // Nothing else was queued before it: the next change is one made now.
        env.Clusters["c2"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("default", "after-resume"));
        var next = await resumed.NextChangeAsync();
        (FanOutStream.Cluster(next) + "/" + FanOutStream.Name(next)).Should().Be("c2/after-resume");
    }

    [Fact(Timeout = 120_000)]
    public async Task WatchWithPartialFalse_ClusterDownAtStart_Is503NamingIt_WhileTheSameWatchWithoutItStreams()
    {
        await using var env = await FanOutEnvironment.StartAsync();
        await env.StopClusterAsync("c3");
        using var client = env.Client();

        using var refused = await client.GetAsync(FanOutEnvironment.FanOutPath + ConfigMaps + "?watch=1&partial=false")
            .WaitAsync(TestTimeouts.Default, "the partial=false watch's answer");
        refused.StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("cluster c3:").And.NotContain("cluster c1:");

        await using var watch = await OpenAsync(client, "?watch=1");
        watch.Response.Headers.GetValues("Warning").Should().ContainSingle().Which.Should().Contain("cluster c3:");
        (await watch.ReadChangesAsync(4)).Keys.Should().BeEquivalentTo("c1/c1-cm1", "c1/c1-cm2", "c2/c2-cm1", "c2/c2-cm2");
    }

    [Fact(Timeout = 120_000)]
    public async Task WatchResumedWithTheVectorOfHundredsOfClusters_IsServed_NotRefusedForItsLongRequestLine()
    {
        await using var env = await FanOutEnvironment.StartAsync();
        using var client = env.Client();
        Dictionary<string, string> positions;
        await using (var watch = await OpenAsync(client, "?watch=1"))
        {
            positions = FanOutStream.Vector((await watch.ReadChangesAsync(6)).Values.Last());
        }

        // Positions of clusters that are not (or no longer) selected are ignored; a fleet of 500 makes a long token.
        for (var i = 0; i < 500; i++)
        {
            positions[$"gone-cluster-{i:D4}"] = "123456";
        }

        var vector = ClusterVector.Encode(positions);
        vector.Length.Should().BeGreaterThan(16 * 1024, "longer than Kestrel's default request line (8 KiB)");
        await using var resumed = await OpenAsync(client, "?watch=1&resourceVersion=" + vector);
        env.Clusters["c2"].Store.Put(FakeResource.ConfigMaps, FanOutEnvironment.ConfigMap("default", "after-long-resume"));
        var next = await resumed.NextChangeAsync();
        (FanOutStream.Cluster(next) + "/" + FanOutStream.Name(next)).Should().Be("c2/after-long-resume");
    }

    private static async Task<FanOutStream> OpenAsync(HttpClient client, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, FanOutEnvironment.FanOutPath + ConfigMaps + query);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TestTimeouts.Default, "the fan-out watch's headers");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await ReadIfFailedAsync(response));
        return await FanOutStream.OpenAsync(response);
    }

    private static async Task<string> ReadIfFailedAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
