using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Clusters;

/// <summary>Revisions of the local scheme (a per-process counter): every change its own, hints ignored.</summary>
public sealed class ClusterRegistryRevisionTests
{
    private readonly ClusterRegistry _registry = new(NullLogger<ClusterRegistry>.Instance, historyCapacity: 4);
    private readonly List<ClusterChange> _changes = [];

    public ClusterRegistryRevisionTests()
    {
        _registry.Changed += c => _changes.AddRange(c);
        _registry.AddSource("s");
    }

    internal static ClusterEntry Valid(string name, long sourceRevision = 0, string source = "s") =>
        new(name, new V1Alpha1ClusterGateway { Metadata = { Name = name, ResourceVersion = "from-source" } }, null, source)
        {
            Revision = sourceRevision,
        };

    internal static List<ClusterChange> Drain(ClusterSubscription subscription)
    {
        var read = new List<ClusterChange>();
        while (subscription.TryRead(out var change))
        {
            read.Add(change);
        }

        return read;
    }

    [Fact]
    public void Upsert_WithoutHints_CountsUpFromOneAndStampsResourceVersion()
    {
        _registry.Replace("s", []);
        _registry.Upsert("s", Valid("a"));
        _registry.Upsert("s", Valid("b"));

        _registry.State.Revision.Should().Be(2);
        _registry.Snapshot["a"].Revision.Should().Be(1);
        _registry.Snapshot["b"].Gateway!.Metadata.ResourceVersion.Should().Be("2");
        _changes.Select(c => c.Revision).Should().Equal(1, 2);
    }

    [Fact]
    public void Upsert_SourceRevisionOrHint_IsIgnoredByTheLocalScheme()
    {
        _registry.Upsert("s", Valid("a", sourceRevision: 500));
        _registry.Upsert("s", Valid("b"), revision: 900);

        _changes.Select(c => c.Revision).Should().Equal(1, 2);
        _registry.Snapshot["a"].Gateway!.Metadata.ResourceVersion.Should().Be("1");
    }

    [Fact]
    public void Replace_Batch_GivesEveryChangeItsOwnIncreasingRevision()
    {
        _registry.Replace("s", [Valid("a"), Valid("b"), Valid("c")]);
        _registry.Replace("s", [Valid("a"), Valid("c"), Valid("d")]);

        _changes.Select(c => c.Revision).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        _changes.Skip(3).Select(c => (c.Name, c.New is null)).Should()
            .Equal(("a", false), ("b", true), ("c", false), ("d", false));
        _registry.Snapshot.Values.Select(e => e.Gateway!.Metadata.ResourceVersion).Should().Equal("4", "6", "7");
        _registry.State.Revision.Should().Be(7);
    }

    [Fact]
    public void Replace_BatchBiggerThanTheHistory_IsKeptWholeForResumingInsideIt()
    {
        _registry.Replace("s", []);
        _registry.Upsert("s", Valid("first"));
        _registry.Upsert("s", Valid("second"));

        // 12 changes (first and second removed, 10 added) at 3..14, more than the history's 4.
        _registry.Replace("s", [.. Enumerable.Range(0, 10).Select(i => Valid($"c{i}"))]);

        using var outside = _registry.Subscribe(1);
        using var inside = _registry.Subscribe(8);
        outside.Replay.Should().BeNull();
        outside.OldestRevision.Should().Be(2);
        inside.Replay!.Select(c => c.Revision).Should().Equal(9, 10, 11, 12, 13, 14);
    }

    [Fact]
    public void Subscribe_AfterRevision_ReplaysLaterChangesThenDeliversLiveOnes()
    {
        _registry.Replace("s", [Valid("a")]);
        var listed = _registry.State.Revision;
        _registry.Upsert("s", Valid("b"));

        using var subscription = _registry.Subscribe(listed);
        _registry.Remove("s", "a");

        subscription.Start.Revision.Should().Be(listed + 1);
        subscription.Replay!.Select(c => c.Name).Should().Equal("b");
        subscription.TryRead(out var live).Should().BeTrue();
        live.Name.Should().Be("a");
        live.New.Should().BeNull();
        live.Revision.Should().Be(listed + 2);
    }

    [Fact]
    public void Subscribe_OlderThanTheHistory_HasNoReplay()
    {
        _registry.Replace("s", []);
        for (var i = 0; i < 6; i++)
        {
            _registry.Upsert("s", Valid("a"));
        }

        using var expired = _registry.Subscribe(1);
        using var kept = _registry.Subscribe(2);

        expired.Replay.Should().BeNull();
        expired.OldestRevision.Should().Be(2);
        kept.Replay!.Select(c => c.Revision).Should().Equal(3, 4, 5, 6);
    }

    [Fact]
    public void Subscribe_AboveTheCurrentRevision_WasNeverIssuedHereAndHasNoReplay()
    {
        _registry.Replace("s", [Valid("a")]);

        using var ahead = _registry.Subscribe(_registry.State.Revision + 1);
        using var current = _registry.Subscribe(_registry.State.Revision);

        ahead.Replay.Should().BeNull();
        current.Replay.Should().BeEmpty();
    }

    [Fact]
    public void ProcessScheme_RevisionsOfAnotherProcessAreRefused()
    {
        var options = new ClusterGateway.Gateway.Configuration.GatewayOptions { ClustersDir = "/clusters" };
        var one = new ClusterRegistry(NullLogger<ClusterRegistry>.Instance, scheme: ClusterRevisionScheme.For(options));
        var other = new ClusterRegistry(NullLogger<ClusterRegistry>.Instance, scheme: ClusterRevisionScheme.For(options));
        foreach (var registry in new[] { one, other })
        {
            registry.AddSource("s");
            registry.Replace("s", [Valid("a")]);
            registry.Upsert("s", Valid("a"));
        }

        var issued = one.State.Revision;
        using var elsewhere = other.Subscribe(issued - 1);
        using var here = one.Subscribe(issued - 1);

        issued.Should().BeGreaterThan(1L << 32);
        other.State.Revision.Should().NotBe(issued);
        elsewhere.Replay.Should().BeNull();
        here.Replay!.Select(c => c.Revision).Should().Equal(issued);
    }

    [Fact]
    public void Subscribe_BeforeTheInitialLoad_CannotBeResumedFrom()
    {
        var registry = new ClusterRegistry(NullLogger<ClusterRegistry>.Instance);
        registry.AddSource("s");
        registry.AddSource("t");
        registry.Replace("s", [Valid("a")]);
        registry.Replace("t", [Valid("b", source: "t")]);
        registry.Upsert("s", Valid("c"));

        using var before = registry.Subscribe(1);
        using var atLoad = registry.Subscribe(2);

        before.Replay.Should().BeNull();
        atLoad.Replay!.Select(c => c.Name).Should().Equal("c");
    }

    [Fact]
    public void Subscription_Disposed_StopsReceivingAndCompletes()
    {
        var subscription = _registry.Subscribe(null);

        subscription.Dispose();
        _registry.Upsert("s", Valid("a"));

        _registry.SubscriberCount.Should().Be(0);
        subscription.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task Subscription_HoldingCapacityUnreadChanges_IsClosedWithOverflowOnTheNextBatch()
    {
        using var subscription = _registry.Subscribe(null);

        for (var i = 0; i < ClusterRegistry.SubscriberCapacity; i++)
        {
            _registry.Upsert("s", Valid("a"));
        }

        _registry.SubscriberCount.Should().Be(1);
        _registry.Upsert("s", Valid("a"));

        _registry.SubscriberCount.Should().Be(0);
        Drain(subscription).Should().HaveCount(ClusterRegistry.SubscriberCapacity, "what was handed over is still read");
        var wait = async () => await subscription.WaitToReadAsync(CancellationToken.None);
        await wait.Should().ThrowAsync<ClusterSubscriptionOverflowException>();
    }

    [Fact]
    public void Subscription_OneBatchBiggerThanTheCapacity_IsDeliveredWhole()
    {
        using var subscription = _registry.Subscribe(null);

        _registry.Replace("s", [.. Enumerable.Range(0, ClusterRegistry.SubscriberCapacity * 2).Select(i => Valid($"c{i}"))]);

        _registry.SubscriberCount.Should().Be(1);
        subscription.Pending.Should().Be(ClusterRegistry.SubscriberCapacity * 2);
        var read = Drain(subscription);
        read.Select(c => c.Revision).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems()
            .And.HaveCount(ClusterRegistry.SubscriberCapacity * 2);
        subscription.Pending.Should().Be(0);
        _registry.Upsert("s", Valid("after"));
        Drain(subscription).Select(c => c.Name).Should().Equal("after");
    }

    [Fact]
    public void State_IsPublishedTogetherWithTheSnapshot()
    {
        _registry.Upsert("s", Valid("a"));

        var state = _registry.State;

        state.Clusters.Should().BeSameAs(_registry.Snapshot);
        state.Clusters["a"].Revision.Should().Be(state.Revision);
    }

    [Fact]
    public void Upsert_NoHint_DoesNotCopyTheSourceObject()
    {
        var entry = Valid("a");

        _registry.Upsert("s", entry);

        entry.Gateway!.Metadata.ResourceVersion.Should().Be("from-source");
        _registry.Snapshot["a"].Gateway.Should().NotBeSameAs(entry.Gateway);
        _registry.Snapshot["a"].Gateway!.Spec.Should().BeSameAs(entry.Gateway.Spec);
    }
}
