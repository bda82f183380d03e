namespace ClusterGateway.Kube.Config;

/// <summary>
/// A bearer token read from a file and re-read at most once per <see cref="RefreshPeriod"/> (default one minute),
/// like client-go's <c>cachingTokenSource</c> over a projected service-account token, which the kubelet rotates
/// (https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken). Surrounding whitespace is
/// trimmed. When a re-read fails, the last good token is kept; when the first read fails, the I/O error propagates.
/// Thread-safe.
/// </summary>
public sealed class FileTokenSource : ITokenSource
{
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Guarded by _gate for writes; read without it on the fast path (reference-sized, written once per refresh).
    private volatile CachedToken? _cached;

    /// <summary>Creates the source; the file is first read on the first <see cref="GetTokenAsync"/>.</summary>
    /// <param name="path">Token file path.</param>
    /// <param name="refreshPeriod">How long a read token is reused; default one minute.</param>
    /// <param name="timeProvider">Clock; default <see cref="TimeProvider.System"/>.</param>
    public FileTokenSource(string path, TimeSpan? refreshPeriod = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        RefreshPeriod = refreshPeriod ?? TimeSpan.FromMinutes(1);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The token file.</summary>
    public string Path { get; }

    /// <summary>Maximum age of the cached token before the file is read again.</summary>
    public TimeSpan RefreshPeriod { get; }

    /// <inheritdoc/>
    /// <exception cref="IOException">The file could not be read and no token was read before.</exception>
    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && !IsStale(cached))
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            cached = _cached;
            if (cached is not null && !IsStale(cached))
            {
                return cached.Token;
            }

            CachedToken next;
            try
            {
                var text = await File.ReadAllTextAsync(Path, cancellationToken);
                next = new CachedToken(text.Trim(), _timeProvider.GetTimestamp());
            }
            catch (Exception e) when (cached is not null && e is IOException or UnauthorizedAccessException)
            {
                // Keep serving the last good token; try again after another period.
                next = cached with { ReadAt = _timeProvider.GetTimestamp() };
            }

            _cached = next;
            return next.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsStale(CachedToken cached) => _timeProvider.GetElapsedTime(cached.ReadAt) >= RefreshPeriod;

    private sealed record CachedToken(string Token, long ReadAt);
}
