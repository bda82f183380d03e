namespace ClusterGateway.Kube.Informers;

/// <summary>Tuning of an <see cref="Informer{T}"/>; the defaults follow client-go's reflector.</summary>
public sealed record InformerOptions
{
    /// <summary><c>fieldSelector</c> of the list and watch, e.g. <c>metadata.name=foo</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>List page size (<c>limit</c>); default 500 (client-go), <see langword="null"/> for one unpaged list.</summary>
    public int? PageSize { get; init; } = 500;

    /// <summary>
    /// Base of the watch's <c>timeoutSeconds</c>: each watch asks for a random value between this and twice this, so
    /// connections cycle and load spreads (client-go: 5 min). Default 5 min.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay after a failed list or watch; doubles per failure with jitter. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the retry delay. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A watch that ends sooner than this without any event counts as a failure (back off before the next one)
    /// instead of a normal server-side timeout. Default 1 s.
    /// </summary>
    public TimeSpan MinWatchDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock for delays and watch durations; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
