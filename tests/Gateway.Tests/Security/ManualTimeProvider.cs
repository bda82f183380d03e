namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>A clock tests move by hand (GetUtcNow only; timers are not needed by the caches).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
