using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Clusters;

public sealed class ClusterRegistryRevisionTests
{
    private readonly ClusterRegistry _registry = new(NullLogger<ClusterRegistry>.Instance, historyCapacity: 4);
    private readonly List<ClusterChange> _changes = [];

    public ClusterRegistryRevisionTests()
    {
        _registry.Changed += c => _changes.AddRange(c);
        _registry.AddSource("s");
    }

    private static ClusterEntry Valid(string name, long sourceRevision = 0) =>
        new(name, new V1Alpha1ClusterGateway { Metadata = { Name = name, ResourceVersion = "from-source" } }, null, "s")
        {
            Revision = sourceRevision,
        };

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
    public void Upsert_SourceRevisionAboveCurrent_IsTheRevisionAndTheResourceVersion()
    {
        _registry.Upsert("s", Valid("a", sourceRevision: 500));

        _registry.State.Revision.Should().Be(500);
        _registry.Snapshot["a"].Gateway!.Metadata.ResourceVersion.Should().Be("500");
    }

    [Fact]
    public void Upsert_SourceRevisionNotAboveCurrent_FallsBackToNextButObjectKeepsItsOwn()
    {
        _registry.Upsert("s", Valid("a", sourceRevision: 500));

        _registry.Upsert("s", Valid("b", sourceRevision: 400));

        _registry.State.Revision.Should().Be(501);
        _changes[^1].Revision.Should().Be(501);
        _registry.Snapshot["b"].Gateway!.Metadata.ResourceVersion.Should().Be("400");
    }

    [Fact]
    public void Replace_Batch_SharesTheListRevisionWhileObjectsKeepTheirSecretRevisions()
    {
        _registry.Replace("s", [Valid("a", 10), Valid("b", 20), Valid("c")], revision: 30);

        _registry.State.Revision.Should().Be(30);
        _changes.Select(c => c.Revision).Should().AllBeEquivalentTo(30);
        _registry.Snapshot.Values.Select(e => e.Gateway!.Metadata.ResourceVersion).Should().Equal("10", "20", "30");
    }

    [Fact]
    public void Remove_WithHint_RecordsTheDeletionAtTheHint()
    {
        _registry.Upsert("s", Valid("a", 5));

        _registry.Remove("s", "a", revision: 9);

        _changes[^1].Should().Be(new ClusterChange("a", _changes[0].New, null) { Revision = 9 });
        _registry.State.Revision.Should().Be(9);
    }

    [Fact]
    public void Replace_HintWithoutChanges_AdvancesTheRevisionOnly()
    {
        _registry.Replace("s", [], revision: 42);

        _registry.State.Revision.Should().Be(42);
        _changes.Should().BeEmpty();
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
        subscription.Changes.TryRead(out var live).Should().BeTrue();
        live!.Name.Should().Be("a");
        live.New.Should().BeNull();
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
    public void Subscribe_BeforeTheInitialLoad_CannotBeResumedFrom()
    {
        _registry.Replace("s", [Valid("a", 10)], revision: 100);
        _registry.Upsert("s", Valid("b", 101));

        using var before = _registry.Subscribe(50);
        using var atLoad = _registry.Subscribe(100);

        before.Replay.Should().BeNull();
        atLoad.Replay!.Select(c => c.Name).Should().Equal("b");
    }

    [Fact]
    public void Subscription_Disposed_StopsReceivingAndCompletes()
    {
        var subscription = _registry.Subscribe(null);

        subscription.Dispose();
        _registry.Upsert("s", Valid("a"));

        _registry.SubscriberCount.Should().Be(0);
        subscription.Changes.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task Subscription_FallsTooFarBehind_CompletesWithOverflow()
    {
        using var subscription = _registry.Subscribe(null);

        for (var i = 0; i <= ClusterRegistry.SubscriberCapacity; i++)
        {
            _registry.Upsert("s", Valid("a"));
        }

        _registry.SubscriberCount.Should().Be(0);
        while (subscription.Changes.TryRead(out _))
        {
        }

        var completion = async () => await subscription.Changes.Completion;
        await completion.Should().ThrowAsync<ClusterSubscriptionOverflowException>();
    }

    [Fact]
    public void State_IsPublishedTogetherWithTheSnapshot()
    {
        _registry.Upsert("s", Valid("a", 7));

        var state = _registry.State;

        state.Clusters.Should().BeSameAs(_registry.Snapshot);
        state.Clusters["a"].Revision.Should().Be(state.Revision);
    }
}
