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
        // The renew deadline counts from the start of the last renewal, so it leaves room for a first request on a cold,
        // loaded machine (the TLS handshake and JIT can take most of a second).
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromMilliseconds(1500),
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
        lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>().Should().Be(2);
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

    [Fact(Timeout = 30_000)]
    public async Task Run_HubHangs_LeaderGivesUpAtRenewDeadlineAfterItsLastRenewal()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var clock = new TestClock();
        // client-go's defaults: lease 15 s, renew deadline 10 s, retry 2 s; each attempt is cut off after max(1 s, 10 s / 2).
        var a = new LeaderElector(client, new LeaderElectionOptions
        {
            Namespace = "default", Name = "lock", Identity = "a", TimeProvider = clock,
        });
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leadingCancelledAt = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = a.RunAsync(
            async ct =>
            {
                aLeads.SetResult();
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(
                    _ => leadingCancelledAt.SetResult(clock.GetUtcNow()), TaskScheduler.Default);
            },
            CancellationToken.None);
        await aLeads.Task.WaitAsync(TestTimeouts.Short, "a to lead");
        var renewed = clock.GetUtcNow();
        await TimersArmedAsync(clock, 2, "the acquire attempt's timeout and the first retry period");

        using var hang = server.Hang(r => r.Path.EndsWith("/leases/lock", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(2));
        var first = await hang.Held.WaitForAsync(_ => true, TestTimeouts.Short);
        await TimersArmedAsync(clock, 1, "the renewal's timeout");
        clock.Advance(TimeSpan.FromSeconds(5));
        await hang.Abandoned.WaitForAsync(r => ReferenceEquals(r, first), TestTimeouts.Short);
        await TimersArmedAsync(clock, 1, "the retry period before the second renewal");
        a.IsLeader.Should().BeTrue("7 s after the last renewal a retry still fits before the 10 s deadline");

        clock.Advance(TimeSpan.FromSeconds(2));
        var second = await hang.Held.WaitForAsync(r => !ReferenceEquals(r, first), TestTimeouts.Short);
        await TimersArmedAsync(clock, 1, "the second renewal's timeout");
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        clock.PendingTimers.Should().Be(1, "the second renewal is cut off at the deadline, not before");
        leadingCancelledAt.Task.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromTicks(1));

        (await run.WaitAsync(TestTimeouts.Short, "a to give up leadership")).Should().BeTrue();
        (await leadingCancelledAt.Task.WaitAsync(TestTimeouts.Short, "the leading token to be cancelled"))
            .Should().Be(renewed + TimeSpan.FromSeconds(10));
        a.IsLeader.Should().BeFalse();
        await hang.Abandoned.WaitForAsync(r => ReferenceEquals(r, second), TestTimeouts.Short);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_CancelledWhileHubHangs_ReleaseIsAbandonedAfterAttemptTimeout()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var clock = new TestClock();
        var a = new LeaderElector(client, new LeaderElectionOptions
        {
            Namespace = "default", Name = "lock", Identity = "a", TimeProvider = clock,
        });
        using var stop = new CancellationTokenSource();
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = a.RunAsync(ct => Lead(aLeads, ct), stop.Token);
        await aLeads.Task.WaitAsync(TestTimeouts.Short, "a to lead");
        await TimersArmedAsync(clock, 2, "the acquire attempt's timeout and the first retry period");

        using var hang = server.Hang(r => r.Path.EndsWith("/leases/lock", StringComparison.Ordinal));
        await stop.CancelAsync();
        var release = await hang.Held.WaitForAsync(_ => true, TestTimeouts.Short);
        await TimersArmedAsync(clock, 1, "the release's timeout");
        run.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(5));

        (await run.WaitAsync(TestTimeouts.Short, "a to stop without an answer")).Should().BeFalse();
        await hang.Abandoned.WaitForAsync(r => ReferenceEquals(r, release), TestTimeouts.Short);
    }

    [Theory]
    [InlineData(1000, 2000, 100, "leaseDuration (1s) must be greater than renewDeadline (2s)")]
    [InlineData(1000, 1000, 100, "leaseDuration (1s) must be greater than renewDeadline (1s)")]
    [InlineData(1000, 100, 100, "renewDeadline (100ms) must be greater than retryPeriod (100ms)")]
    [InlineData(2000, 1500, 0, "retryPeriod (0ms) must be greater than zero")]
    public void Constructor_UnorderedTimings_ThrowsNamingTheRule(int leaseMs, int renewMs, int retryMs, string message)
    {
        using var client = new KubeClient(new KubeClientOptions { Server = new Uri("https://127.0.0.1:1") });
        var options = Options("a") with
        {
            LeaseDuration = TimeSpan.FromMilliseconds(leaseMs),
            RenewDeadline = TimeSpan.FromMilliseconds(renewMs),
            RetryPeriod = TimeSpan.FromMilliseconds(retryMs),
        };
        var act = () => new LeaderElector(client, options);
        act.Should().Throw<ArgumentException>().WithMessage(message + "*");
    }

    private static async Task TimersArmedAsync(TestClock clock, int count, string what)
    {
        for (var i = 0; i < count; i++)
        {
            (await clock.TimerArmed.WaitAsync(TestTimeouts.Short)).Should().BeTrue("{0} is armed", what);
        }
    }

    private static async Task Lead(TaskCompletionSource leads, CancellationToken cancellationToken)
    {
        leads.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private static long Version(JsonObject lease) => long.Parse(
        lease["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
