using ClusterGateway.Gateway.Clusters;
using Microsoft.Extensions.Logging.Abstractions;
using static ClusterGateway.Gateway.Tests.Clusters.ClusterRegistryRevisionTests;

namespace ClusterGateway.Gateway.Tests.Clusters;

/// <summary>Revisions of the hub scheme: the hub's resourceVersions, and a reset where their order is unknown.</summary>
public sealed class ClusterRegistryHubRevisionTests
{
    private readonly ClusterRegistry _registry =
        new(NullLogger<ClusterRegistry>.Instance, historyCapacity: 4, scheme: ClusterRevisionScheme.Hub);

    private readonly List<ClusterChange> _changes = [];

    public ClusterRegistryHubRevisionTests()
    {
        _registry.Changed += c => _changes.AddRange(c);
        _registry.AddSource("s");
    }

    [Fact]
    public void InitialLoad_KeepsTheSecretRevisionsAtTheListRevisionAndCannotBeReplayed()
    {
        _registry.Replace("s", [Valid("a", 10), Valid("b", 20), Valid("c")], revision: 30);

        _registry.State.Revision.Should().Be(30);
        _registry.Snapshot.Values.Select(e => e.Gateway!.Metadata.ResourceVersion).Should().Equal("10", "20", "30");
        using var before = _registry.Subscribe(29);
        using var at = _registry.Subscribe(30);
        before.Replay.Should().BeNull();
        at.Replay.Should().BeEmpty();
    }

    [Fact]
    public void Upsert_SourceRevisionAboveCurrent_IsTheRevisionAndTheResourceVersion()
    {
        _registry.Replace("s", [], revision: 100);

        _registry.Upsert("s", Valid("a", sourceRevision: 500));
        _registry.Remove("s", "a", revision: 501);

        _changes.Select(c => c.Revision).Should().Equal(500, 501);
        _changes[0].New!.Gateway!.Metadata.ResourceVersion.Should().Be("500");
        using var resumed = _registry.Subscribe(100);
        resumed.Replay!.Select(c => c.Revision).Should().Equal(500, 501);
    }

    [Fact(Timeout = 30_000)]
    public async Task Upsert_SourceRevisionNotAboveCurrent_ResetsTheHistoryAndClosesFeeds()
    {
        _registry.Replace("s", [], revision: 100);
        _registry.Upsert("s", Valid("a", sourceRevision: 500));
        using var open = _registry.Subscribe(null);

        _registry.Upsert("s", Valid("b", sourceRevision: 400));

        _registry.State.Revision.Should().Be(501);
        _registry.Snapshot["b"].Gateway!.Metadata.ResourceVersion.Should().Be("400");
        using var before = _registry.Subscribe(500);
        before.Replay.Should().BeNull("the change at 501 has no place in the hub's order");
        var wait = async () => await open.WaitToReadAsync(CancellationToken.None);
        await wait.Should().ThrowAsync<ClusterSubscriptionResetException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task Relist_ReplacesAtTheListRevisionWithoutRecordingAndClosesFeeds()
    {
        _registry.Replace("s", [Valid("a", 10), Valid("b", 20)], revision: 30);
        _registry.Upsert("s", Valid("c", 40));
        using var open = _registry.Subscribe(null);

        _registry.Replace("s", [Valid("a", 10), Valid("c", 55), Valid("d", 60)], revision: 70);

        _registry.State.Revision.Should().Be(70);
        _registry.Snapshot.Values.Select(e => e.Gateway!.Metadata.ResourceVersion).Should().Equal("10", "55", "60");
        using var beforeRelist = _registry.Subscribe(40);
        using var atRelist = _registry.Subscribe(70);
        beforeRelist.Replay.Should().BeNull();
        atRelist.Replay.Should().BeEmpty();
        var wait = async () => await open.WaitToReadAsync(CancellationToken.None);
        await wait.Should().ThrowAsync<ClusterSubscriptionResetException>();
    }

    [Fact]
    public void Replace_HintWithoutChanges_AdvancesTheRevisionOnly()
    {
        _registry.Replace("s", [], revision: 42);

        _registry.State.Revision.Should().Be(42);
        _changes.Should().BeEmpty();
    }

    [Fact]
    public void Subscribe_AheadOfThisReplica_IsAcceptedToWaitFor()
    {
        _registry.Replace("s", [Valid("a", 10)], revision: 30);

        using var ahead = _registry.Subscribe(35);

        ahead.Replay.Should().BeEmpty();
        ahead.Start.Revision.Should().Be(30);
    }
}
