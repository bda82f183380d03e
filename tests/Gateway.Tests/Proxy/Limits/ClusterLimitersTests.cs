using System.Threading.RateLimiting;
using ClusterGateway.Gateway.Proxy.Limits;
using ClusterGateway.Gateway.Tests.Apiserver;

namespace ClusterGateway.Gateway.Tests.Proxy.Limits;

/// <summary>Per-cluster limiters: created on demand, dropped with their cluster.</summary>
public sealed class ClusterLimitersTests
{
    [Fact]
    public void Acquire_ClusterRemoved_DropsItsLimiterAndLeasesStillRelease()
    {
        var registry = new TestClusterRegistry();
        registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")), TestClusterRegistry.Valid(TestGateways.Token("b")));
        using var limiters = new ClusterLimiters(registry,
            () => new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));

        var leaseA = limiters.Acquire("a");
        using var leaseB = limiters.Acquire("b");
        using var refusedA = limiters.Acquire("a");
        limiters.Count.Should().Be(2);

        registry.Remove("a");

        limiters.Count.Should().Be(1);
        leaseA.IsAcquired.Should().BeTrue();
        refusedA.IsAcquired.Should().BeFalse();
        leaseA.Dispose();
    }

    [Fact]
    public void Acquire_UnknownCluster_KeepsNoLimiter()
    {
        var registry = new TestClusterRegistry();
        using var limiters = new ClusterLimiters(registry,
            () => new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));

        using var lease = limiters.Acquire("gone");

        lease.IsAcquired.Should().BeTrue();
        limiters.Count.Should().Be(0);
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(false, "", false)]
    [InlineData(false, "Unknown: invalid healthy annotation \"maybe\"", false)]
    [InlineData(true, "", false)]
    [InlineData(true, "ConnectionTimeout", false)]
    [InlineData(false, "ConnectionTimeout", true)]
    public void IsDown_HealthStates_OnlyUnhealthyWithAKnownReason(bool healthy, string? reason, bool down) =>
        UnhealthyClusterFilter.IsDown(healthy, reason).Should().Be(down);
}
