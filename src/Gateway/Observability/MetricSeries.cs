namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// One time series (a metric and one set of label values): a running sum, and for histograms the per-bucket counts
/// and the observation count. Updates and reads are consistent with each other (one lock per series).
/// </summary>
internal sealed class MetricSeries
{
    private readonly Lock _lock = new();
    private readonly IReadOnlyList<double>? _bounds;
    private readonly long[]? _buckets; // guarded by _lock; non-cumulative, one per bound
    private double _sum; // guarded by _lock
    private long _count; // guarded by _lock

    /// <summary>Creates the series.</summary>
    /// <param name="labels">Label names and values, sorted by name.</param>
    /// <param name="bounds">Histogram upper bounds, ascending; <see langword="null"/> for counters and gauges.</param>
    public MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<double>? bounds)
    {
        Labels = labels;
        _bounds = bounds;
        _buckets = bounds is null ? null : new long[bounds.Count];
    }

    /// <summary>Label names and values, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    /// <summary>Adds a measurement (counter/gauge delta, or a histogram observation).</summary>
    /// <param name="value">The value.</param>
    public void Record(double value)
    {
        lock (_lock)
        {
            _sum += value;
            _count++;
            if (_buckets is not null)
            {
                // Prometheus buckets are inclusive upper bounds: le="0.1" counts observations <= 0.1.
                for (var i = 0; i < _buckets.Length; i++)
                {
                    if (value <= _bounds![i])
                    {
                        _buckets[i]++;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>A consistent copy.</summary>
    /// <returns>Sum, count and cumulative bucket counts (empty for counters and gauges).</returns>
    public (double Sum, long Count, long[] CumulativeBuckets) Read()
    {
        lock (_lock)
        {
            var cumulative = new long[_buckets?.Length ?? 0];
            long running = 0;
            for (var i = 0; i < cumulative.Length; i++)
            {
                running += _buckets![i];
                cumulative[i] = running;
            }

            return (_sum, _count, cumulative);
        }
    }
}
