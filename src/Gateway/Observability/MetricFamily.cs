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
    // The key of a series: "name\u0001value\u0000" per label, sorted by name.
    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetricSeries>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;

    private MetricFamily(string name, string help, MetricType type, IReadOnlyList<double>? bounds)
    {
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
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
        // An existing series with string-valued tags (every instrument here) is found without allocating: the key is
        // built on the stack and looked up as a span.
        if (TryFind(tags) is { } existing)
        {
            existing.Record(value);
            return;
        }

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

    private MetricSeries? TryFind(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        const int MaxTags = 8;
        const int MaxKey = 512;
        if (tags.Length > MaxTags)
        {
            return null;
        }

        Span<int> order = stackalloc int[tags.Length];
        var length = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i].Value is not string text)
            {
                return null;
            }

            length += tags[i].Key.Length + text.Length + 2;
            // Insertion sort of the indexes by label name (a handful of labels).
            var j = i;
            for (; j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0; j--)
            {
                order[j] = order[j - 1];
            }

            order[j] = i;
        }

        if (length > MaxKey)
        {
            return null;
        }

        Span<char> key = stackalloc char[length];
        var at = 0;
        foreach (var i in order)
        {
            tags[i].Key.CopyTo(key[at..]);
            at += tags[i].Key.Length;
            key[at++] = '\u0001';
            var text = (string)tags[i].Value!;
            text.CopyTo(key[at..]);
            at += text.Length;
            key[at++] = '\u0000';
        }

        return _seriesBySpan.TryGetValue(key, out var series) ? series : null;
    }
}
