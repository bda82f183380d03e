using System.Collections.Concurrent;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// A TTL cache of review answers (TokenReview, SubjectAccessReview) with request coalescing, after k8s.io/apiserver
/// pkg/authentication/token/cache/cached_token_authenticator.go (singleflight + expiring cache) and
/// plugin/pkg/authorizer/webhook (expiring LRU). Thread-safe.
/// </summary>
/// <remarks>
/// <see cref="GetOrReviewAsync"/>:
/// 1. A live cached answer is returned at once.
/// 2. Otherwise the first caller for a key starts the review and concurrent callers with the same key await that same
///    review (N concurrent misses → 1 review). The review runs without any caller's cancellation token (a caller that
///    gives up does not fail the others); it should bound itself.
/// 3. Its answer is cached for the TTL the caller's <c>ttl</c> function picks (zero or less: not cached); a failed
///    review is never cached and its exception reaches every waiting caller.
/// Past <see cref="MaxEntries"/> entries, expired ones are dropped, and if that is not enough the cache is cleared.
/// </remarks>
/// <typeparam name="TResult">The answer.</typeparam>
/// <param name="timeProvider">Clock of the TTLs.</param>
internal sealed class ReviewCache<TResult>(TimeProvider timeProvider)
{
    /// <summary>Upper bound of cached entries (the webhook authorizer's LRU holds 8192).</summary>
    public const int MaxEntries = 8192;

    private readonly ConcurrentDictionary<string, (TResult Result, DateTimeOffset Expires)> _entries =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Lazy<Task<TResult>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Number of cached entries, live or expired.</summary>
    public int Count => _entries.Count;

    /// <summary>The cached answer for <paramref name="key"/>, or the answer of a (shared) new review.</summary>
    /// <param name="key">Cache key; must identify the review completely, and must not contain secrets.</param>
    /// <param name="review">Runs the review.</param>
    /// <param name="ttl">How long an answer stays cached.</param>
    /// <param name="cancellationToken">Stops this caller's wait (not the review).</param>
    /// <returns>The answer.</returns>
    public async Task<TResult> GetOrReviewAsync(string key, Func<CancellationToken, Task<TResult>> review,
        Func<TResult, TimeSpan> ttl, CancellationToken cancellationToken)
    {
        // :: Step 1
        if (_entries.TryGetValue(key, out var entry))
        {
            if (timeProvider.GetUtcNow() < entry.Expires)
            {
                return entry.Result;
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        // :: Step 2
        Lazy<Task<TResult>> candidate = null!;
        candidate = new Lazy<Task<TResult>>(() => ReviewAsync(key, candidate, review, ttl));
        var shared = _inFlight.GetOrAdd(key, candidate);
        return await shared.Value.WaitAsync(cancellationToken);
    }

    private async Task<TResult> ReviewAsync(string key, Lazy<Task<TResult>> self,
        Func<CancellationToken, Task<TResult>> review, Func<TResult, TimeSpan> ttl)
    {
        try
        {
            // Yield first: Lazy.Value must not run the review inline under its lock.
            await Task.Yield();
            var result = await review(CancellationToken.None);

            // :: Step 3
            var lifetime = ttl(result);
            if (lifetime > TimeSpan.Zero)
            {
                _entries[key] = (result, timeProvider.GetUtcNow() + lifetime);
                Trim();
            }

            return result;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, self));
        }
    }

    private void Trim()
    {
        if (_entries.Count <= MaxEntries)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        if (_entries.Count > MaxEntries)
        {
            _entries.Clear();
        }
    }
}
