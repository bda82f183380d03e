using System.Diagnostics.Metrics;
using ClusterGateway.Gateway.Observability;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary>The text exposition format 0.0.4 as written by <see cref="PrometheusTextFormat"/>.</summary>
public sealed class PrometheusTextFormatTests
{
    [Fact]
    public void Write_Counter_SortsLabelsAndEscapesValuesAndHelp()
    {
        using var meter = new Meter("test-counter");
        var family = MetricFamily.For(meter.CreateCounter<long>("requests_total", description: "Counts \\ things\nreally"))!;
        family.Record(2, [new("verb", "get"), new("code", "200")]);
        family.Record(1, [new("verb", "get"), new("code", "200")]);
        family.Record(1, [new("code", "500"), new("verb", "a\"b\\c\nd")]);

        var text = PrometheusTextFormat.Write([family]);

        text.Should().Be("""
            # HELP requests_total Counts \\ things\nreally
            # TYPE requests_total counter
            requests_total{code="200",verb="get"} 3
            requests_total{code="500",verb="a\"b\\c\nd"} 1

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_Histogram_WritesCumulativeBucketsInfSumAndCount()
    {
        using var meter = new Meter("test-histogram");
        var histogram = meter.CreateHistogram<double>("latency_seconds", unit: "s", description: "Latency", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.1, 1] });
        var family = MetricFamily.For(histogram)!;
        foreach (var value in new[] { 0, 0.05, 0.1, 0.5, 3 })
        {
            family.Record(value, [new("cluster", "c1")]);
        }

        var text = PrometheusTextFormat.Write([family]);

        text.Should().Be("""
            # HELP latency_seconds Latency
            # TYPE latency_seconds histogram
            latency_seconds_bucket{cluster="c1",le="0"} 1
            latency_seconds_bucket{cluster="c1",le="0.1"} 3
            latency_seconds_bucket{cluster="c1",le="1"} 4
            latency_seconds_bucket{cluster="c1",le="+Inf"} 5
            latency_seconds_sum{cluster="c1"} 3.65
            latency_seconds_count{cluster="c1"} 5

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_GaugeBackToZeroAndEmptyFamily_KeepsTheSeriesAndOmitsTheFamily()
    {
        using var meter = new Meter("test-gauge");
        var gauge = MetricFamily.For(meter.CreateUpDownCounter<long>("in_flight", description: "In flight"))!;
        var empty = MetricFamily.For(meter.CreateCounter<long>("never_total", description: "Never"))!;
        gauge.Record(1, [new("cluster", "c1")]);
        gauge.Record(-1, [new("cluster", "c1")]);

        var text = PrometheusTextFormat.Write([empty, gauge]);

        text.Should().Be("# HELP in_flight In flight\n# TYPE in_flight gauge\nin_flight{cluster=\"c1\"} 0\n");
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.005, "0.005")]
    [InlineData(30d, "30")]
    [InlineData(1234567.5, "1234567.5")]
    public void Number_FormatsLikeGo(double value, string text) => PrometheusTextFormat.Number(value).Should().Be(text);

    [Fact]
    public void For_ObservableOrBucketlessInstrument_IsNotExposed()
    {
        using var meter = new Meter("test-other");

        MetricFamily.For(meter.CreateObservableGauge("g", () => 1)).Should().BeNull();
        MetricFamily.For(meter.CreateHistogram<double>("h")).Should().BeNull();
    }
}
