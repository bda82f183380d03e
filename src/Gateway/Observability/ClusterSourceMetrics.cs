using System.Diagnostics.Metrics;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// How much work the cluster sources do, served on <c>/metrics</c> with the proxy's instruments (same meter):
/// <c>clustergateway_cluster_source_reads_total{source}</c> counts the cluster files read (<c>source="file"</c>,
/// <c>--clusters-dir</c>) and the hub Secrets converted (<c>source="secret"</c>). A change to one file or one Secret
/// adds one, whatever the number of clusters: a figure that grows with the registry per change is a full reload.
/// </summary>
internal sealed class ClusterSourceMetrics
{
    /// <summary>The <c>source</c> label of a file read.</summary>
    public const string File = "file";

    /// <summary>The <c>source</c> label of a Secret conversion.</summary>
    public const string Secret = "secret";

    private readonly Counter<long> _reads;

    /// <summary>Creates the instrument on the proxy's meter, which <see cref="MetricsCollector"/> serves.</summary>
    /// <param name="proxy">The proxy's instruments.</param>
    public ClusterSourceMetrics(ProxyMetrics proxy) =>
        _reads = proxy.Meter.CreateCounter<long>("clustergateway_cluster_source_reads_total",
            description: "Cluster files read and hub Secrets converted into clusters, by source");

    /// <summary>One file was read, or one Secret converted.</summary>
    /// <param name="source"><see cref="File"/> or <see cref="Secret"/>.</param>
    public void Read(string source) => _reads.Add(1, new KeyValuePair<string, object?>("source", source));
}
