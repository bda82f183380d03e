using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// Aggregates the measurements of <see cref="ProxyMetrics"/> for <c>/metrics</c> (a <see cref="MeterListener"/>, since no
/// Prometheus exporter package is available). Only this gateway's meter instance is listened to. Created at startup
/// (<see cref="MetricsEndpoint.MapMetrics"/>), before any request is measured.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();

    /// <summary>Starts listening.</summary>
    /// <param name="metrics">The proxy's instruments.</param>
    public MetricsCollector(ProxyMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && MetricFamily.For(instrument) is { } family)
            {
                _families[instrument] = family;
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The families, sorted by name.</summary>
    public IEnumerable<MetricFamily> Families => _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();
}
