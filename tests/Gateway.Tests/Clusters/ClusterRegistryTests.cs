using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Clusters;

public sealed class ClusterRegistryTests
{
    private readonly ClusterRegistry _registry = new(NullLogger<ClusterRegistry>.Instance);
    private readonly List<ClusterChange> _changes = [];

    public ClusterRegistryTests() => _registry.Changed += c => _changes.AddRange(c);

    [Fact]
    public void IsSynced_UntilEverySourceReplaced_IsFalse()
    {
        _registry.AddSource("a");
        _registry.AddSource("b");
        _registry.Replace("a", [Valid("x", "a")]);

        _registry.IsSynced.Should().BeFalse();
        _registry.Replace("b", []);
        _registry.IsSynced.Should().BeTrue();
    }

    [Fact]
    public void SameName_InTwoSources_FirstRegisteredWinsAndSecondTakesOverWhenFirstRemoves()
    {
        _registry.AddSource("first");
        _registry.AddSource("second");
        var fromSecond = Valid("x", "second");
        _registry.Upsert("second", fromSecond);
        var fromFirst = Valid("x", "first");
        _registry.Upsert("first", fromFirst);

        _registry.Snapshot["x"].Source.Should().Be("first");
        _registry.Remove("first", "x");
        _registry.Snapshot["x"].Source.Should().Be("second");
        _changes.Select(c => (c.Old?.Source, c.New?.Source)).Should()
            .Equal((null, "second"), ("second", "first"), ("first", "second"));
    }

    [Fact]
    public void Replace_ReportsOnlyWhatChanged()
    {
        _registry.AddSource("s");
        var keep = Valid("keep", "s");
        _registry.Replace("s", [keep, Valid("drop", "s")]);
        _changes.Clear();

        _registry.Replace("s", [keep, new ClusterEntry("bad", null, "missing token", "s")]);

        _changes.Select(c => (c.Name, c.Old is null, c.New is null)).Should()
            .BeEquivalentTo(new[] { ("bad", true, false), ("drop", false, true) });
        _registry.Snapshot.Keys.Should().Equal("bad", "keep");
    }

    [Fact]
    public void Replace_EmptySourceCompletingTheSync_RaisesChangedOnce()
    {
        var raised = 0;
        _registry.Changed += _ => raised++;
        _registry.AddSource("s");

        _registry.Replace("s", []);
        _registry.Replace("s", []);

        raised.Should().Be(1);
        _registry.IsSynced.Should().BeTrue();
    }

    [Fact]
    public void Upsert_UnregisteredSource_Throws()
    {
        var act = () => _registry.Upsert("nope", Valid("x", "nope"));

        act.Should().Throw<InvalidOperationException>();
    }

    private static ClusterEntry Valid(string name, string source) =>
        new(name, new V1Alpha1ClusterGateway { Metadata = { Name = name } }, null, source);
}
