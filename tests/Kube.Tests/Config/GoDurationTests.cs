using ClusterGateway.Kube.Config;

namespace ClusterGateway.Kube.Tests.Config;

/// <summary>Go duration text both ways, as <c>time.ParseDuration</c> and <c>time.Duration.String</c>.</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(300, "300ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    public void Format_LikeGo(int milliseconds, string expected) =>
        GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)).Should().Be(expected);

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("300ms", 300)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    public void TryParse_GoText_Parses(string text, int milliseconds)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("10")]
    [InlineData("-5s")]
    public void TryParse_NotGoText_Fails(string text) => GoDuration.TryParse(text, out _).Should().BeFalse();
}
