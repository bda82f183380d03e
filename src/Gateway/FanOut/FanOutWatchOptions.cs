namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// Tuning of fan-out watches; register an instance as a service to override <see cref="Default"/> (tests shorten the
/// backoff).
/// </summary>
internal sealed record FanOutWatchOptions
{
    /// <summary>The defaults.</summary>
    public static FanOutWatchOptions Default { get; } = new();

    /// <summary>Wait before re-establishing a cluster's watch after its first failure; doubles per failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between two attempts on a failing cluster.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest watch event line accepted from a cluster, in bytes (kube-apiserver's own request limit is 3 MiB per
    /// object; a Table event with its object is larger). A longer line fails that cluster's watch.
    /// </summary>
    public int MaxEventBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long the response headers wait for the clusters' first answers (so clusters that fail at once become
    /// <c>Warning</c> headers); a cluster still silent then joins the stream when it answers.
    /// </summary>
    public TimeSpan StartWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Events read from the clusters and not yet written to the caller; when full, the clusters' streams are read no
    /// further (TCP backpressure), as a slow client of one apiserver slows that watch. With
    /// <see cref="MaxEventBytes"/> it bounds what one watch holds (64 × 16 MiB at worst, a few MiB in practice).
    /// </summary>
    public int QueueCapacity { get; init; } = 64;
}
