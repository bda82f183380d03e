using System.Diagnostics.Metrics;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary>
/// Listens to one gateway's proxy meter and signals when requests start and end, so tests wait on the gateway's own
/// bookkeeping instead of sleeping. Limits release their slot before the metrics filter records the end (completion
/// callbacks run in reverse registration order), so "in flight dropped" means "the slot is free".
/// </summary>
internal sealed class ProxyMeterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _inFlight = new(StringComparer.Ordinal); // guarded by _lock
    private readonly Dictionary<string, int> _completed = new(StringComparer.Ordinal); // guarded by _lock
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = []; // guarded by _lock

    public ProxyMeterProbe(GatewayApp gateway)
    {
        var meter = gateway.Services.GetRequiredService<ProxyMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name is "cluster_gateway_proxy_requests_in_flight"
                    or "ocm_proxy_proxied_requests_by_cluster_total")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var cluster = "";
            foreach (var tag in tags)
            {
                cluster = tag.Key == "cluster" ? (string)tag.Value! : cluster;
            }

            lock (_lock)
            {
                if (instrument.Name == "cluster_gateway_proxy_requests_in_flight")
                {
                    _inFlight[cluster] = _inFlight.GetValueOrDefault(cluster) + value;
                }
                else
                {
                    _completed[cluster] = _completed.GetValueOrDefault(cluster) + 1;
                }

                foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        });
        _listener.Start();
    }

    public long InFlight(string cluster)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(cluster);
        }
    }

    public int Completed(string cluster)
    {
        lock (_lock)
        {
            return _completed.GetValueOrDefault(cluster);
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds (checked now and after every measurement).</summary>
    public Task WaitForAsync(Func<ProxyMeterProbe, bool> condition, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((() => condition(this), done));
        }

        return done.Task.WaitAsync(TestTimeouts.Default, what);
    }

    public void Dispose() => _listener.Dispose();
}
