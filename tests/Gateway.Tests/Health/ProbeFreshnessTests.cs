using ClusterGateway.Crds;
using ClusterGateway.Gateway.Health;

namespace ClusterGateway.Gateway.Tests.Health;

public sealed class ProbeFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("2026-03-01T11:59:00Z", "2026-03-01T11:59:00Z")]
    [InlineData("2026-03-01T11:59:00.123456Z", "2026-03-01T11:59:00.123456Z")]
    [InlineData("2026-03-01T12:59:00+01:00", "2026-03-01T11:59:00Z")]
    public void ProbedAt_Rfc3339_IsParsedAsUtc(string text, string expected)
    {
        var annotations = new Dictionary<string, string> { [SecretKeys.HealthyTimeAnnotation] = text };

        ProbeFreshness.ProbedAt(annotations).Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-03-01")]
    [InlineData("1740830340")]
    [InlineData("2026-13-01T00:00:00Z")]
    public void ProbedAt_Unparsable_IsNoProbeResult(string text)
    {
        ProbeFreshness.ProbedAt(new Dictionary<string, string> { [SecretKeys.HealthyTimeAnnotation] = text }).Should().BeNull();
        ProbeFreshness.ProbedAt(new Dictionary<string, string> { [SecretKeys.HealthyTimeAnnotation] = new string('9', 100_000) })
            .Should().BeNull();
        ProbeFreshness.ProbedAt(new Dictionary<string, string>()).Should().BeNull();
        ProbeFreshness.ProbedAt(null).Should().BeNull();
    }

    [Fact]
    public void Format_IsMetav1TimeAndRoundTrips()
    {
        var text = ProbeFreshness.Format(new DateTimeOffset(2026, 3, 1, 13, 4, 5, 678, TimeSpan.FromHours(1)));

        text.Should().Be("2026-03-01T12:04:05Z");
        ProbeFreshness.ProbedAt(new Dictionary<string, string> { [SecretKeys.HealthyTimeAnnotation] = text })
            .Should().Be(new DateTimeOffset(2026, 3, 1, 12, 4, 5, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, 90)]
    [InlineData(-89, 1)]
    [InlineData(-90, null)]
    [InlineData(-3600, null)]
    [InlineData(30, 120)] // a writer's clock ahead of ours: fresh, but never for more than twice the window
    [InlineData(90, null)]
    public void Remaining_FreshOnlyWithinTheWindow(int probedSecondsFromNow, int? remainingSeconds)
    {
        ProbeFreshness.Remaining(Now.AddSeconds(probedSecondsFromNow), Now, Window)
            .Should().Be(remainingSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
    }

    [Fact]
    public void Remaining_NoTimeOrZeroWindow_IsStale()
    {
        ProbeFreshness.Remaining(null, Now, Window).Should().BeNull();
        ProbeFreshness.Remaining(Now, Now, TimeSpan.Zero).Should().BeNull();
    }
}
