using ClusterGateway.AddonManager.Health;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Informers;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>
/// The prober against the gateway as the addon-manager deploys it (<c>--ocm-integration</c>): its result shows on the
/// ClusterGateway over the ManagedCluster's Available condition, and each health write is answered within a second.
/// </summary>
public sealed class OcmHealthAcceptanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayHubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GatewayHubEnvironment.StartAsync(ocmIntegration: true);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task Prober_OcmMergedClusters_ProbeResultOutranksTheManagedClusterCondition_WrittenWithinOneSecond()
    {
        _env.PutAddon("b");
        // Cluster b stops answering while its ManagedCluster still reports Available=True (OCM notices only when the
        // lease runs out): the probe through the gateway is the fresher observation.
        await _env.StopClusterBAsync();
        using var client = _env.CreateAddonManagerClient();
        var addons = new Informer<ManagedClusterAddOn>(client, ManagedClusterAddOn.ResourceKind);
        using var stop = new CancellationTokenSource();
        var informerRun = addons.RunAsync(stop.Token);
        try
        {
            await addons.WaitForSyncAsync(stop.Token).WaitAsync(TestTimeouts.Default, "the addon informer to sync");
            var reconciler = new AddonHealthReconciler(client, addons, new HealthProbeOptions(), TimeProvider.System,
                NullLogger<AddonHealthReconciler>.Instance);

            await reconciler.ReconcileAsync("b", stop.Token);

            // The addon status patch is sent as soon as the health write is answered.
            var requests = _env.Hub.Requests.Snapshot();
            var healthWrite = requests.Single(r =>
                r.Method == "PATCH" && r.Path.EndsWith("/clustergateways/b/health", StringComparison.Ordinal));
            var next = requests.First(r =>
                r.At >= healthWrite.At && r.Path.EndsWith("/cluster-gateway/status", StringComparison.Ordinal));
            (next.At - healthWrite.At).Should().BeLessThan(TimeSpan.FromSeconds(1));
            var gateways = await Kubectl.RunAsync(_env.AdminKubeconfig, ["get", "clustergateways", "--no-headers"],
                timeout: TestTimeouts.Default);
            output.WriteLine(gateways.StdOut);
            gateways.ExitCode.Should().Be(0, gateways.StdErr);
            var rows = gateways.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            rows.Single(r => r[0] == "a")[^1].Should().Be("true", "a has no probe result and its ManagedCluster is available");
            rows.Single(r => r[0] == "b")[^1].Should().Be("false", "b's probe result outranks its ManagedCluster");
        }
        finally
        {
            await stop.CancelAsync();
            await informerRun;
        }
    }
}
