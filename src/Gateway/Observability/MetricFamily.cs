using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// All series of one instrument: its Prometheus name (the instrument name), help text (its description), type, and
/// for histograms the bucket bounds (the instrument's <see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/>).
/// </summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    private MetricFamily(string name, string help, MetricType type, IReadOnlyList<double>? bounds)
    {
        Name = name;
        Help = help;
        Type = type;
        Bounds = bounds;
    }

    /// <summary>Metric name.</summary>
    public string Name { get; }

    /// <summary>Help text.</summary>
    public string Help { get; }

    /// <summary>Metric type.</summary>
    public MetricType Type { get; }

    /// <summary>Histogram upper bounds (ascending, without +Inf); null for counters and gauges.</summary>
    public IReadOnlyList<double>? Bounds { get; }

    /// <summary>The series, sorted by label values.</summary>
    public IEnumerable<MetricSeries> Series =>
        _series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value);

    /// <summary>The family of an instrument, or <see langword="null"/> for kinds not exposed (observable, untyped).</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The family.</returns>
    public static MetricFamily? For(Instrument instrument)
    {
        var help = instrument.Description ?? "";
        return instrument switch
        {
            Counter<long> or Counter<double> => new MetricFamily(instrument.Name, help, MetricType.Counter, null),
            UpDownCounter<long> or UpDownCounter<double> => new MetricFamily(instrument.Name, help, MetricType.Gauge, null),
            Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } =>
                new MetricFamily(instrument.Name, help, MetricType.Histogram, bounds.Order().ToArray()),
            _ => null,
        };
    }

    /// <summary>Records a measurement in the series of its tags.</summary>
    /// <param name="value">The value.</param>
    /// <param name="tags">The tags (label names and values; values are formatted invariantly).</param>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = KeyValuePair.Create(tags[i].Key,
                Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        }

        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = new StringBuilder();
        foreach (var (name, text) in labels)
        {
            key.Append(name).Append('\u0001').Append(text).Append('\u0000');
        }

        _series.GetOrAdd(key.ToString(), static (_, state) => new MetricSeries(state.labels, state.bounds),
            (labels, bounds: Bounds)).Record(value);
    }
}
