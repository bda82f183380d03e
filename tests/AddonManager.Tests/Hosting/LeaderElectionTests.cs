using System.Diagnostics;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>
/// Two addon-manager replicas against one hub (issue 6 acceptance): only the Lease holder reconciles; when it stops, the
/// other takes over within the lease duration and carries on reconciling.
/// </summary>
public sealed class LeaderElectionTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);

    [Fact(Timeout = 90_000)]
    public async Task TwoReplicas_OnlyLeaderReconciles_FollowerTakesOverWithinLeaseDuration()
    {
        await using var hub = await HostHub.StartAsync();
        var a = await hub.StartManagerAsync(leaderElect: true, LeaseDuration);
        await WaitForHolderAsync(hub, a.Runtime.Identity);
        await using var b = await hub.StartManagerAsync(leaderElect: true, LeaseDuration);
        try
        {
            await b.Runtime.Informers.WaitForSyncAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default, "follower informers");

            hub.Store.ApplyYaml(HostHub.DirectConfiguration());
            await hub.Store.WaitForAsync(FakeResource.Deployments, "open-cluster-management-addon", "gateway-deployment", _ => true,
                TestTimeouts.Default);

            Writes(hub, a.Runtime.Identity).Should().Contain(r => r.Path.Contains("/deployments/", StringComparison.Ordinal));
            Writes(hub, b.Runtime.Identity).Should().BeEmpty("the follower must not write anything, not even the Lease");
            b.Runtime.IsLeader.Should().BeFalse();
        }
        finally
        {
            var stopped = Stopwatch.StartNew();
            await a.DisposeAsync();
            await WaitForHolderAsync(hub, b.Runtime.Identity);
            stopped.Elapsed.Should().BeLessThan(LeaseDuration, "a stopping leader releases its Lease");
        }

        hub.Store.ApplyYaml(HostHub.DirectConfiguration(image: "example.com/cluster-gateway:v2"));
        var deployment = await hub.Store.WaitForAsync(FakeResource.Deployments, "open-cluster-management-addon", "gateway-deployment",
            d => (string?)d["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"] == "example.com/cluster-gateway:v2",
            TestTimeouts.Default);
        deployment.Should().NotBeNull();
        Writes(hub, b.Runtime.Identity).Should().Contain(r => r.Path.Contains("/deployments/", StringComparison.Ordinal));
    }

    private static List<RecordedRequest> Writes(HostHub hub, string identity) =>
        [.. hub.Server.Requests.Snapshot().Where(r => r.Method is not "GET"
            && (r.Header("user-agent") ?? "").Contains(identity, StringComparison.Ordinal))];

    private static Task<JsonObject> WaitForHolderAsync(HostHub hub, string identity) =>
        hub.Store.WaitForAsync(FakeResource.Leases, HostHub.ManagerNamespace, "cluster-gateway-addon-manager",
            l => (string?)l["spec"]?["holderIdentity"] == identity, TestTimeouts.Default);
}
