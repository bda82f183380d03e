using System.Diagnostics.Metrics;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// The proxy's instruments (System.Diagnostics.Metrics), named, labelled and bucketed like upstream's
/// (<c>pkg/metrics/proxy.go</c>, component-base ALPHA metrics, served on <c>/metrics</c> by <see cref="MetricsEndpoint"/>):
/// <list type="bullet">
/// <item><c>ocm_proxy_proxied_resource_requests_by_resource_total{resource,verb,code}</c> counter;</item>
/// <item><c>ocm_proxy_proxied_requests_by_cluster_total{cluster,code}</c> counter;</item>
/// <item><c>ocm_proxy_proxied_request_duration_seconds{resource,verb,cluster,code}</c> histogram, buckets
/// <see cref="DurationBuckets"/>;</item>
/// <item>ours: <c>cluster_gateway_proxy_requests_in_flight{cluster}</c> gauge;</item>
/// <item>ours: <c>cluster_gateway_fanout_requests_total{verb,result}</c> counter: fan-out requests
/// (<c>clustergateways/*/proxy</c>) by inner verb and result (<c>complete</c>, <c>partial</c>, <c>failed</c>,
/// <c>refused</c>); each cluster's request is counted in the series above like a single-cluster request.</item>
/// </list>
/// The meter comes from the host's <see cref="IMeterFactory"/>, so two gateways in one process (tests) never share
/// instruments.
/// </summary>
internal sealed class ProxyMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "ClusterGateway.Proxy";

    /// <summary>Upstream's duration buckets, in seconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30];

    private readonly Counter<long> _byResource;
    private readonly Counter<long> _byCluster;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _fanOut;

    /// <summary>Creates the meter and instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public ProxyMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        // Help texts are upstream's, including component-base's "[ALPHA] " prefix.
        _byResource = Meter.CreateCounter<long>("ocm_proxy_proxied_resource_requests_by_resource_total",
            description: "[ALPHA] Number of requests proxied requests");
        _byCluster = Meter.CreateCounter<long>("ocm_proxy_proxied_requests_by_cluster_total",
            description: "[ALPHA] Number of requests proxied requests");
        _duration = Meter.CreateHistogram<double>("ocm_proxy_proxied_request_duration_seconds", unit: "s",
            description: "[ALPHA] Cluster proxy request time cost", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _inFlight = Meter.CreateUpDownCounter<long>("cluster_gateway_proxy_requests_in_flight",
            description: "Proxied requests in flight per cluster, long-running ones (watch, logs -f, exec) included");
        _fanOut = Meter.CreateCounter<long>("cluster_gateway_fanout_requests_total",
            description: "Fan-out requests (clustergateways/*/proxy) by inner verb and result: complete, partial, failed, refused");
    }

    /// <summary>The meter all instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>A proxied request started.</summary>
    /// <param name="cluster">Cluster name.</param>
    public void Started(string cluster) => _inFlight.Add(1, new KeyValuePair<string, object?>("cluster", cluster));

    /// <summary>A proxied request ended.</summary>
    /// <param name="resource">Resource of the proxied path; empty for non-resource paths.</param>
    /// <param name="verb">The request's verb (see <see cref="ProxyMetricsFilter"/>).</param>
    /// <param name="cluster">Cluster name.</param>
    /// <param name="code">Final HTTP status code (101 for upgrades).</param>
    /// <param name="seconds">Duration.</param>
    public void Completed(string resource, string verb, string cluster, int code, double seconds)
    {
        var codeText = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _inFlight.Add(-1, new KeyValuePair<string, object?>("cluster", cluster));
        _byResource.Add(1, new("resource", resource), new("verb", verb), new("code", codeText));
        _byCluster.Add(1, new("cluster", cluster), new("code", codeText));
        _duration.Record(seconds, new("resource", resource), new("verb", verb), new("cluster", cluster),
            new("code", codeText));
    }

    /// <summary>A fan-out request ended.</summary>
    /// <param name="verb">The inner verb (list, watch, get for discovery), empty when it could not be parsed.</param>
    /// <param name="result">complete, partial, failed or refused.</param>
    public void FanOutCompleted(string verb, string result) =>
        _fanOut.Add(1, new KeyValuePair<string, object?>("verb", verb), new KeyValuePair<string, object?>("result", result));
}
