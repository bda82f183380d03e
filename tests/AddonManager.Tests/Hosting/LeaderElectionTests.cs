using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>
/// Two addon-manager replicas against one hub: only the Lease holder reconciles; when it stops, the
/// other takes over within the lease duration and carries on reconciling.
/// </summary>
public sealed class LeaderElectionTests
{
    private const string LeaseName = "cluster-gateway-addon-manager";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan HungLeaseDuration = TimeSpan.FromSeconds(6);

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

    /// <summary>
    /// The hub stops answering the leader (accepts its requests, never answers): the leader gives up, stops its
    /// controllers and exits 1 within the renew deadline of its last renewal, long before its 60 s request timeout, and
    /// the follower takes the Lease only afterwards (once it expired) and reconciles.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public async Task HubHangsForLeader_LeaderStopsWithinRenewDeadline_BeforeFollowerTakesOver()
    {
        var renewDeadline = TimeSpan.FromSeconds(3);
        var slack = TimeSpan.FromSeconds(1.5);
        await using var hub = await HostHub.StartAsync();
        var a = await hub.StartManagerAsync(leaderElect: true, HungLeaseDuration, renewDeadline, TimeSpan.FromMilliseconds(500));
        try
        {
            var aStopped = new TaskCompletionSource<(DateTimeOffset At, bool Reconciling)>(
                TaskCreationOptions.RunContinuationsAsynchronously);
            a.Runtime.LeadershipLost += () => aStopped.TrySetResult((DateTimeOffset.UtcNow, a.Runtime.IsLeader));
            await WaitForHolderAsync(hub, a.Runtime.Identity);
            await using var b = await hub.StartManagerAsync(leaderElect: true, HungLeaseDuration, renewDeadline,
                TimeSpan.FromMilliseconds(500));
            await hub.Server.Requests.WaitForAsync(r => IsLease(r) && From(r, b.Runtime.Identity), TestTimeouts.Default);

            using var frozen = hub.Server.Hang(r => From(r, a.Runtime.Identity));
            // An attempt starts after the previous one ended, so once one is held the Lease shows a's last renewal.
            await frozen.Held.WaitForAsync(IsLease, TestTimeouts.Default);
            var lease = hub.Store.Get(FakeResource.Leases, HostHub.ManagerNamespace, LeaseName)!;
            ((string?)lease["spec"]?["holderIdentity"]).Should().Be(a.Runtime.Identity);
            var lastRenewal = DateTimeOffset.Parse((string)lease["spec"]!["renewTime"]!, CultureInfo.InvariantCulture);

            var (aStop, reconciling) = await aStopped.Task.WaitAsync(TestTimeouts.Default, "a to give up leadership");
            reconciling.Should().BeFalse("a's controllers have stopped when it reports the lost lease");
            await frozen.Abandoned.WaitForAsync(IsLease, TestTimeouts.Short);
            await a.WaitForShutdownAsync().WaitAsync(TestTimeouts.Default, "a to shut down");
            a.ExitCode.Should().Be(1);

            await WaitForHolderAsync(hub, b.Runtime.Identity);
            var bAcquired = hub.Server.Requests.Snapshot()
                .First(r => r.Method == "PUT" && IsLease(r) && From(r, b.Runtime.Identity));
            aStop.Should().BeBefore(bAcquired.At, "b may lead only after a stopped");
            aStop.Should().BeOnOrBefore(lastRenewal + renewDeadline + slack,
                "a gives up within the renew deadline of its last renewal, not when its request times out");
            bAcquired.At.Should().BeOnOrAfter(lastRenewal + HungLeaseDuration, "b waits for a's unreleased Lease to expire");

            hub.Store.ApplyYaml(HostHub.DirectConfiguration());
            await hub.Store.WaitForAsync(FakeResource.Deployments, "open-cluster-management-addon", "gateway-deployment", _ => true,
                TestTimeouts.Default);
            Writes(hub, b.Runtime.Identity).Should().Contain(r => r.Path.Contains("/deployments/", StringComparison.Ordinal));
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    private static bool From(RecordedRequest request, string identity) =>
        (request.Header("user-agent") ?? "").Contains(identity, StringComparison.Ordinal);

    private static bool IsLease(RecordedRequest request) =>
        request.Path == $"/apis/coordination.k8s.io/v1/namespaces/{HostHub.ManagerNamespace}/leases/{LeaseName}";

    private static List<RecordedRequest> Writes(HostHub hub, string identity) =>
        [.. hub.Server.Requests.Snapshot().Where(r => r.Method is not "GET"
            && (r.Header("user-agent") ?? "").Contains(identity, StringComparison.Ordinal))];

    private static Task<JsonObject> WaitForHolderAsync(HostHub hub, string identity) =>
        hub.Store.WaitForAsync(FakeResource.Leases, HostHub.ManagerNamespace, LeaseName,
            l => (string?)l["spec"]?["holderIdentity"] == identity, TestTimeouts.Default);
}
