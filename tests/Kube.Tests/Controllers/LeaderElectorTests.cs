using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Tests.Client;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Controllers;

public sealed class LeaderElectorTests
{
    private static LeaderElectionOptions Options(string identity, bool release = true) => new()
    {
        Namespace = "default",
        Name = "lock",
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(1),
        RenewDeadline = TimeSpan.FromMilliseconds(500),
        RetryPeriod = TimeSpan.FromMilliseconds(100),
        ReleaseOnCancel = release,
    };

    [Fact(Timeout = 30_000)]
    public async Task Run_TwoCandidates_OneLeadsOtherTakesOverAfterLeaseExpires()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var a = new LeaderElector(client, Options("a", release: false));
        var b = new LeaderElector(client, Options("b", release: false));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runA = a.RunAsync(ct => Lead(aLeads, ct), stopA.Token);
        await aLeads.Task.WaitAsync(TestTimeouts.Short, "a to lead");
        var startVersion = Version(server.Store.Get(FakeResource.Leases, "default", "lock")!);
        var runB = b.RunAsync(ct => Lead(bLeads, ct), stopB.Token);
        await server.Store.WaitForAsync(FakeResource.Leases, "default", "lock",
            l => Version(l) >= startVersion + 3, TestTimeouts.Short);
        bLeads.Task.IsCompleted.Should().BeFalse("a renews its lease");
        b.IsLeader.Should().BeFalse();
        a.IsLeader.Should().BeTrue();

        await stopA.CancelAsync();
        (await runA.WaitAsync(TestTimeouts.Short, "a to stop")).Should().BeFalse();
        a.IsLeader.Should().BeFalse();
        await bLeads.Task.WaitAsync(TimeSpan.FromSeconds(5), "b to take over once a's lease expired");

        var lease = server.Store.Get(FakeResource.Leases, "default", "lock")!;
        lease["spec"]!["holderIdentity"]!.GetValue<string>().Should().Be("b");
        lease["spec"]!["leaseTransitions"]!.GetValue<int>().Should().Be(1);
        lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>().Should().Be(1);
        lease["spec"]!["renewTime"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$");
        await stopB.CancelAsync();
        await runB.WaitAsync(TestTimeouts.Short, "b to stop");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_LeaderCancelledWithRelease_OtherLeadsAndLeaseReleased()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var a = new LeaderElector(client, Options("a"));
        using var stopA = new CancellationTokenSource();
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runA = a.RunAsync(ct => Lead(aLeads, ct), stopA.Token);
        await aLeads.Task.WaitAsync(TestTimeouts.Short, "a to lead");

        await stopA.CancelAsync();
        (await runA.WaitAsync(TestTimeouts.Short, "a to stop")).Should().BeFalse();

        var lease = server.Store.Get(FakeResource.Leases, "default", "lock")!;
        lease["spec"]!["holderIdentity"].Should().BeNull();
        lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>().Should().Be(1);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_LeaseTakenByOther_LeaderStopsAfterRenewDeadline()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var a = new LeaderElector(client, Options("a"));
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leadingCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runA = a.RunAsync(
            async ct =>
            {
                aLeads.SetResult();
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => leadingCancelled.SetResult(), TaskScheduler.Default);
            },
            CancellationToken.None);
        await aLeads.Task.WaitAsync(TestTimeouts.Short, "a to lead");

        var lease = server.Store.Get(FakeResource.Leases, "default", "lock")!;
        lease["spec"]!["holderIdentity"] = "intruder";
        lease["spec"]!["leaseDurationSeconds"] = 3600;
        server.Store.Put(FakeResource.Leases, lease);

        (await runA.WaitAsync(TestTimeouts.Short, "a to lose leadership")).Should().BeTrue();
        await leadingCancelled.Task.WaitAsync(TestTimeouts.Short, "the leading token to be cancelled");
        a.IsLeader.Should().BeFalse();
        server.Store.Get(FakeResource.Leases, "default", "lock")!["spec"]!["holderIdentity"]!.GetValue<string>()
            .Should().Be("intruder");
    }

    [Fact]
    public void Constructor_UnorderedTimings_Throws()
    {
        using var client = new KubeClient(new KubeClientOptions { Server = new Uri("https://127.0.0.1:1") });
        var act = () => new LeaderElector(client, Options("a") with { RenewDeadline = TimeSpan.FromSeconds(2) });
        act.Should().Throw<ArgumentException>();
    }

    private static async Task Lead(TaskCompletionSource leads, CancellationToken cancellationToken)
    {
        leads.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private static long Version(JsonObject lease) => long.Parse(
        lease["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
