using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Calls <c>ExternalIdentityExchanger</c> services (upstream declared the rule type but never implemented it). The
/// protocol is ours:
/// <code>
/// POST {url}
/// Content-Type: application/json
/// {"apiVersion": "cluster.core.oam.dev/v1alpha1", "kind": "IdentityExchangeRequest", "rule": "sso",
///  "cluster": "prod-1", "user": {"username": "alice", "uid": "u-1", "groups": ["dev", "system:authenticated"],
///  "extra": {"scopes": ["a"]}}}
/// </code>
/// answered by <c>200</c> with the identity to impersonate (<see cref="ExternalIdentityAnswer"/>). The <c>user</c>
/// object has the shape of <c>authentication.k8s.io/v1 UserInfo</c>.
/// </summary>
/// <remarks>
/// 1. Answers are cached per rule URL and exact request body (so per rule, cluster and caller) for the rule's
///    <c>cacheTTL</c>; concurrent identical exchanges share one call (<see cref="ReviewCache{TResult}"/>); failures are
///    never cached.
/// 2. Each call is bounded by the rule's <c>timeout</c>.
/// 3. A timeout, a connection error, any non-2xx status or an invalid answer is an
///    <see cref="IdentityExchangeException"/>: the proxied request is denied, never forwarded (fail closed).
/// TLS uses the system trust roots; answers larger than 1 MiB are refused.
/// </remarks>
internal sealed class ExternalIdentityClient : IDisposable
{
    private const int MaxAnswerBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly ReviewCache<ImpersonatedIdentity> _cache;

    /// <summary>Creates the client.</summary>
    /// <param name="timeProvider">Clock of the cache and the timeouts.</param>
    /// <param name="handler">HTTP handler (tests); default: a pooled <see cref="SocketsHttpHandler"/>.</param>
    public ExternalIdentityClient(TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        _timeProvider = timeProvider;
        _cache = new ReviewCache<ImpersonatedIdentity>(timeProvider);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
    }

    /// <summary>The identity <paramref name="rule"/>'s service maps the caller to.</summary>
    /// <param name="rule">An External rule.</param>
    /// <param name="user">The caller.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <param name="cancellationToken">Stops this caller's wait.</param>
    /// <returns>The identity to impersonate.</returns>
    /// <exception cref="IdentityExchangeException">The exchange failed.</exception>
    public Task<ImpersonatedIdentity> ExchangeAsync(IdentityExchangeRule rule, KubeUser user, string cluster,
        CancellationToken cancellationToken)
    {
        var settings = rule.External ?? throw new ArgumentException($"rule {rule.Name} is not External", nameof(rule));
        var body = RequestBody(rule.Name, user, cluster).ToJsonString();
        return _cache.GetOrReviewAsync(settings.Url.AbsoluteUri + "\n" + body, _ => SendAsync(settings, body),
            _ => settings.CacheTtl, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <summary>The request body.</summary>
    /// <param name="rule">Rule name.</param>
    /// <param name="user">The caller.</param>
    /// <param name="cluster">The cluster.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject RequestBody(string rule, KubeUser user, string cluster)
    {
        var info = new JsonObject
        {
            ["username"] = user.Name,
            ["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]),
        };
        if (!string.IsNullOrEmpty(user.Uid))
        {
            info["uid"] = user.Uid;
        }

        var extra = new JsonObject();
        foreach (var (key, values) in user.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            extra[key] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        }

        info["extra"] = extra;
        return new JsonObject
        {
            ["apiVersion"] = ProxyConfigurationParser.ApiVersion,
            ["kind"] = "IdentityExchangeRequest",
            ["rule"] = rule,
            ["cluster"] = cluster,
            ["user"] = info,
        };
    }

    private async Task<ImpersonatedIdentity> SendAsync(ExternalExchangeSettings settings, string body)
    {
        using var timeout = new CancellationTokenSource(settings.Timeout, _timeProvider);
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(settings.Url, content, timeout.Token);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = answer.Length > 200 ? answer[..200] + "..." : answer;
                throw new IdentityExchangeException(
                    $"POST {settings.SafeUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}");
            }

            return ExternalIdentityAnswer.Parse(answer);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new IdentityExchangeException(
                $"POST {settings.SafeUrl} timed out after {GoDuration.Format(settings.Timeout)}", e);
        }
        catch (HttpRequestException e)
        {
            throw new IdentityExchangeException($"POST {settings.SafeUrl} failed: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new IdentityExchangeException($"POST {settings.SafeUrl}: {e.Message}", e);
        }
    }
}
