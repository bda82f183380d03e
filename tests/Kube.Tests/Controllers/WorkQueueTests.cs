using ClusterGateway.Kube.Controllers;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Controllers;

public sealed class WorkQueueTests
{
    [Fact(Timeout = 10_000)]
    public async Task Add_SameKeyTwice_QueuedOnce()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        queue.Count.Should().Be(2);
        (await queue.TakeAsync(CancellationToken.None)).Should().Be("a");
        (await queue.TakeAsync(CancellationToken.None)).Should().Be("b");
        queue.Count.Should().Be(0);
    }

    [Fact(Timeout = 10_000)]
    public async Task Add_WhileProcessing_RequeuedOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var key = await queue.TakeAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");
        queue.Count.Should().Be(0, "a key in process is not handed out concurrently");
        var next = queue.TakeAsync(CancellationToken.None);
        next.IsCompleted.Should().BeFalse();

        queue.Done(key);
        (await next.WaitAsync(TestTimeouts.Short, "the re-queued key")).Should().Be("a");
        queue.Count.Should().Be(0);
    }

    [Fact(Timeout = 10_000)]
    public async Task TakeAsync_Empty_WaitsForAdd()
    {
        using var queue = new WorkQueue<int>();
        var take = queue.TakeAsync(CancellationToken.None);
        take.IsCompleted.Should().BeFalse();

        queue.Add(7);

        (await take.WaitAsync(TestTimeouts.Short, "the added key")).Should().Be(7);
    }

    [Fact(Timeout = 10_000)]
    public async Task AddRateLimited_RepeatedFailures_BacksOffExponentiallyUntilForget()
    {
        var clock = new TestClock();
        using var queue = new WorkQueue<string>(timeProvider: clock);

        foreach (var expected in new[] { 5, 10, 20, 40 })
        {
            queue.AddRateLimited("a");
            clock.Advance(TimeSpan.FromMilliseconds(expected - 1));
            queue.Count.Should().Be(0, $"the backoff is {expected} ms");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            queue.Count.Should().Be(1);
            queue.Done(await queue.TakeAsync(CancellationToken.None));
        }

        queue.NumRequeues("a").Should().Be(4);
        queue.Forget("a");
        queue.NumRequeues("a").Should().Be(0);
        queue.AddRateLimited("a");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        queue.Count.Should().Be(1);
    }

    [Fact(Timeout = 10_000)]
    public async Task AddRateLimited_ManyFailures_CappedAtMaxDelay()
    {
        var clock = new TestClock();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        for (var i = 0; i < 30; i++)
        {
            queue.AddRateLimited("a");
            clock.Advance(TimeSpan.FromSeconds(1000));
            queue.Done(await queue.TakeAsync(CancellationToken.None));
        }

        queue.AddRateLimited("a");
        clock.Advance(TimeSpan.FromSeconds(1000) - TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(0);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(1);
    }

    [Fact]
    public void AddAfter_Delay_QueuesWhenDueAndKeepsEarliest()
    {
        var clock = new TestClock();
        using var queue = new WorkQueue<string>(timeProvider: clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        clock.Advance(TimeSpan.FromSeconds(2));
        queue.Count.Should().Be(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
        clock.Advance(TimeSpan.FromSeconds(30));
        queue.Count.Should().Be(1, "the later delays were merged into the earliest");
    }

    [Fact(Timeout = 10_000)]
    public async Task ShutDown_WaitingConsumer_ThrowsAfterDrain()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");

        (await queue.TakeAsync(CancellationToken.None)).Should().Be("a");
        var act = () => queue.TakeAsync(CancellationToken.None);
        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
