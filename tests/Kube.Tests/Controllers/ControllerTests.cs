using ClusterGateway.Kube.Models.Core;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Tests.Client;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Controllers;

public sealed class ControllerTests
{
    [Fact(Timeout = 30_000)]
    public async Task Run_ReconcileThrows_RetriedWithBackoffThenForgotten()
    {
        var clock = new TestClock();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        var reconciler = new RecordingReconciler();
        var requeues = new List<int>();
        reconciler.Then(k => { requeues.Add(queue.NumRequeues(k)); throw new InvalidOperationException("boom"); });
        reconciler.Then(k => { requeues.Add(queue.NumRequeues(k)); throw new InvalidOperationException("boom"); });
        reconciler.Then(k => { requeues.Add(queue.NumRequeues(k)); return ReconcileResult.Done; });
        await using var run = ControllerRun.Start(new Controller<string>("test", reconciler, queue));

        queue.Add("a");
        await NextCallAsync(reconciler);
        await clock.TimerArmed.WaitAsync(TestTimeouts.Short);
        clock.Advance(TimeSpan.FromMilliseconds(4));
        reconciler.Calls.TryRead(out _).Should().BeFalse("the first backoff is 5 ms");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await NextCallAsync(reconciler);
        await clock.TimerArmed.WaitAsync(TestTimeouts.Short);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await NextCallAsync(reconciler);
        queue.Add("b");
        await NextCallAsync(reconciler);

        requeues.Should().Equal(0, 1, 2);
        queue.NumRequeues("a").Should().Be(0, "success forgets the failures");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_RequeueAfter_ReconciledAgainAfterDelay()
    {
        var clock = new TestClock();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        var reconciler = new RecordingReconciler();
        reconciler.Then(_ => ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)));
        await using var run = ControllerRun.Start(new Controller<string>("test", reconciler, queue));

        queue.Add("a");
        await NextCallAsync(reconciler);
        await clock.TimerArmed.WaitAsync(TestTimeouts.Short);
        clock.Advance(TimeSpan.FromSeconds(59));
        reconciler.Calls.TryRead(out _).Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));

        (await NextCallAsync(reconciler)).Should().Be("a");
        queue.NumRequeues("a").Should().Be(0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_TerminalError_NotRetried()
    {
        var clock = new TestClock();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        var reconciler = new RecordingReconciler();
        reconciler.Then(_ => throw new TerminalReconcileException("invalid spec"));
        await using var run = ControllerRun.Start(new Controller<string>("test", reconciler, queue));

        queue.Add("a");
        await NextCallAsync(reconciler);
        queue.Add("b");
        (await NextCallAsync(reconciler)).Should().Be("b");

        clock.PendingTimers.Should().Be(0);
        queue.NumRequeues("a").Should().Be(0);
        queue.Count.Should().Be(0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_InformerWatched_WaitsForSyncAndReconcilesMappedKeys()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a"));
        using var client = FakeServers.Client(server);
        var informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default");
        var reconciler = new RecordingReconciler();
        var controller = new Controller<string>("test", reconciler)
            .Watch(informer, cm => [$"owner-of-{cm.Metadata.Name}"]);
        using var stop = new CancellationTokenSource();
        var informerRun = Task.Run(() => informer.RunAsync(stop.Token));
        await using var run = ControllerRun.Start(controller);

        (await NextCallAsync(reconciler)).Should().Be("owner-of-a");
        informer.HasSynced.Should().BeTrue();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "b"));
        (await NextCallAsync(reconciler)).Should().Be("owner-of-b");

        await stop.CancelAsync();
        await informerRun.WaitAsync(TestTimeouts.Short, "informer to stop");
    }

    [Fact(Timeout = 30_000)]
    public async Task WatchChanges_MapSeesTheChange_FilteredChangesQueueNothing()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a"));
        using var client = FakeServers.Client(server);
        var informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default");
        var reconciler = new RecordingReconciler();
        // Only deletions queue, keyed by the last known state.
        var controller = new Controller<string>("test", reconciler)
            .WatchChanges(informer, change => change.Type == InformerEventType.Deleted ? [$"gone-{change.Old!.Metadata.Name}"] : []);
        using var stop = new CancellationTokenSource();
        var informerRun = Task.Run(() => informer.RunAsync(stop.Token));
        await using var run = ControllerRun.Start(controller);

        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TestTimeouts.Short, "informer sync");
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "b"));
        server.Store.Delete(FakeResource.ConfigMaps, "default", "a");
        (await NextCallAsync(reconciler)).Should().Be("gone-a", "the add of a and b queued nothing");

        await stop.CancelAsync();
        await informerRun.WaitAsync(TestTimeouts.Short, "informer to stop");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_KeyAddedWhileProcessing_NeverReconciledConcurrently()
    {
        var reconciler = new RecordingReconciler();
        var controller = new Controller<string>("test", reconciler);
        reconciler.Default = k =>
        {
            controller.Queue.Add(k);
            return ReconcileResult.Done;
        };
        for (var i = 0; i < 20; i++)
        {
            reconciler.Then(k => { controller.Queue.Add(k); return ReconcileResult.Done; });
        }

        reconciler.Then(_ => ReconcileResult.Done);
        await using var run = ControllerRun.Start(controller, workers: 4);
        controller.Queue.Add("a");

        for (var i = 0; i < 21; i++)
        {
            await NextCallAsync(reconciler);
        }

        reconciler.MaxConcurrent.Should().Be(1);
    }

    private static async Task<string> NextCallAsync(RecordingReconciler reconciler) =>
        await reconciler.Calls.ReadAsync().AsTask().WaitAsync(TestTimeouts.Short, "a reconcile call");
}
