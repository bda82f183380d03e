namespace ClusterGateway.Gateway.Observability;

/// <summary>Prometheus metric types this collector exposes (text format 0.0.4 <c># TYPE</c> values).</summary>
internal enum MetricType
{
    /// <summary>Monotonic sum (from <c>Counter&lt;T&gt;</c>).</summary>
    Counter,

    /// <summary>Current value (from <c>UpDownCounter&lt;T&gt;</c>).</summary>
    Gauge,

    /// <summary>Bucketed distribution (from <c>Histogram&lt;T&gt;</c> with bucket advice).</summary>
    Histogram,
}
