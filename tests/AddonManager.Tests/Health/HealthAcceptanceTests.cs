using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Health;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Informers;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>
/// Issue 6 acceptance: the prober, running through the hub's aggregation of the in-process gateway, reports a live
/// cluster Available and a stopped one not, on the ManagedClusterAddOns and the ClusterGateways, as real kubectl shows.
/// </summary>
public sealed class HealthAcceptanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayHubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GatewayHubEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task Prober_ThroughTheAggregatedGateway_ReportsHealthKubectlShows()
    {
        _env.PutAddon("a");
        _env.PutAddon("b");
        await _env.StopClusterBAsync();
        using var client = _env.CreateAddonManagerClient();
        var addons = new Informer<ManagedClusterAddOn>(client, ManagedClusterAddOn.ResourceKind);
        var options = new HealthProbeOptions { Interval = TimeSpan.FromMinutes(5), Timeout = TimeSpan.FromSeconds(10) };
        var reconciler = new AddonHealthReconciler(client, addons, options, TimeProvider.System,
            NullLogger<AddonHealthReconciler>.Instance);
        var controller = AddonHealthReconciler.CreateController(reconciler, addons, options, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var informerRun = addons.RunAsync(stop.Token);
        var controllerRun = controller.RunAsync(options.Concurrency, stop.Token);
        try
        {
            await WaitForAvailableAsync("a", "True");
            await WaitForAvailableAsync("b", "False");

            var table = await Kubectl.RunAsync(_env.AdminKubeconfig, ["get", "managedclusteraddon", "-A"],
                timeout: TestTimeouts.Default);
            output.WriteLine(table.StdOut);
            table.ExitCode.Should().Be(0, table.StdErr);
            var lines = table.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            lines[0].Should().Equal("NAMESPACE", "NAME", "AVAILABLE", "DEGRADED", "PROGRESSING");
            lines.Skip(1).Select(l => l.Take(3)).Should().BeEquivalentTo(
                new[] { new[] { "a", "cluster-gateway", "True" }, new[] { "b", "cluster-gateway", "False" } },
                o => o.WithStrictOrdering());

            var reason = await Kubectl.RunAsync(_env.AdminKubeconfig,
            [
                "get", "managedclusteraddon", "cluster-gateway", "-n", "b", "-o",
                """jsonpath={.status.conditions[?(@.type=="Available")].reason}|{.status.conditions[?(@.type=="Available")].message}""",
            ], timeout: TestTimeouts.Default);
            output.WriteLine(reason.StdOut);
            reason.ExitCode.Should().Be(0, reason.StdErr);
            var parts = reason.StdOut.Split('|', 2);
            parts[0].Should().Be("FailedProbingHealthz");
            parts[1].Should().StartWith("cluster b is unreachable: ");

            var gateways = await Kubectl.RunAsync(_env.AdminKubeconfig, ["get", "clustergateways"],
                timeout: TestTimeouts.Default);
            output.WriteLine(gateways.StdOut);
            gateways.ExitCode.Should().Be(0, gateways.StdErr);
            var rows = gateways.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            rows[0][^1].Should().Be("HEALTHY");
            rows.Single(r => r[0] == "a")[^1].Should().Be("true");
            rows.Single(r => r[0] == "b")[^1].Should().Be("false");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(informerRun, controllerRun);
        }
    }

    private Task<JsonObject> WaitForAvailableAsync(string cluster, string status) =>
        _env.Hub.Store.WaitForAsync(_env.AddonResource, cluster, "cluster-gateway",
            o => (o["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Any(c => (string?)c["type"] == "Available" && (string?)c["status"] == status) == true,
            TestTimeouts.Long);
}
