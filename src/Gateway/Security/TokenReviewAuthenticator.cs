using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Delegated bearer-token authentication: <c>POST /apis/authentication.k8s.io/v1/tokenreviews</c> on the hub
/// (https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-review-v1/), like
/// k8s.io/apiserver plugin/pkg/authenticator/token/webhook behind cache/cached_token_authenticator.go.
/// </summary>
/// <remarks>
/// Request <c>{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"..."}}</c>; answer
/// <c>status.{authenticated, user.{username, uid, groups, extra}, error}</c>. Answers are cached for the TTL
/// (<c>--authentication-token-webhook-cache-ttl</c>) under an HMAC-SHA256 of the token with a per-process random key,
/// so tokens never appear in cache keys or logs; unauthenticated answers without <c>status.error</c> are cached too,
/// ones with an error and failed calls are not (Go: <c>cacheErrs=false</c>). Concurrent reviews of one token coalesce.
/// Each review is bounded by 10 s (the delegating authenticator's <c>TokenRequestTimeout</c>).
/// </remarks>
/// <param name="client">Hub client (<c>--authentication-kubeconfig</c>).</param>
/// <param name="ttl">Cache TTL.</param>
/// <param name="timeProvider">Clock.</param>
internal sealed class TokenReviewAuthenticator(KubeClient client, TimeSpan ttl, TimeProvider timeProvider)
{
    /// <summary>authentication.k8s.io/v1 TokenReview (cluster-scoped, create only).</summary>
    public static readonly ResourceKind TokenReviews =
        new("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", Namespaced: false);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);
    private readonly ReviewCache<TokenReviewResult> _cache = new(timeProvider);

    /// <summary>Reviews <paramref name="token"/> (or answers from the cache).</summary>
    /// <param name="token">The bearer token.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="KubeApiException">The hub refused the review.</exception>
    /// <exception cref="HttpRequestException">The hub is unreachable.</exception>
    /// <exception cref="OperationCanceledException">The review took longer than 10 s.</exception>
    public Task<TokenReviewResult> AuthenticateAsync(string token, CancellationToken cancellationToken) =>
        _cache.GetOrReviewAsync(Key(token), ct => ReviewAsync(token, ct),
            result => result.Error is null ? ttl : TimeSpan.Zero, cancellationToken);

    private string Key(string token) =>
        Convert.ToHexString(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(token)));

    private async Task<TokenReviewResult> ReviewAsync(string token, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var review = new JsonObject
        {
            ["apiVersion"] = TokenReviews.ApiVersion,
            ["kind"] = TokenReviews.Kind,
            ["metadata"] = new JsonObject(),
            ["spec"] = new JsonObject { ["token"] = token },
        };
        var answer = await client.CreateAsync(TokenReviews, null, review, linked.Token);
        var status = answer["status"] as JsonObject;
        if (status?["authenticated"]?.GetValue<bool>() != true)
        {
            var error = status?["error"]?.GetValue<string>();
            return new TokenReviewResult(null, string.IsNullOrEmpty(error) ? null : error);
        }

        var user = status["user"] as JsonObject ?? [];
        return new TokenReviewResult(new KubeUser(
            user["username"]?.GetValue<string>() ?? "",
            user["uid"]?.GetValue<string>() is { Length: > 0 } uid ? uid : null,
            Strings(user["groups"]),
            (user["extra"] as JsonObject ?? []).ToDictionary(e => e.Key, e => Strings(e.Value), StringComparer.Ordinal)),
            null);
    }

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(v => v?.GetValue<string>() ?? "")] : [];
}
