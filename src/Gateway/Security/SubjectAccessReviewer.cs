using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Delegated authorization: <c>POST /apis/authorization.k8s.io/v1/subjectaccessreviews</c> on the hub
/// (https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/subject-access-review-v1/), like
/// k8s.io/apiserver plugin/pkg/authorizer/webhook/webhook.go as the delegating authorizer configures it.
/// </summary>
/// <remarks>
/// <c>spec</c> = <c>resourceAttributes{namespace, verb, group, version, resource, subresource, name}</c> or
/// <c>nonResourceAttributes{path, verb}</c>, plus <c>user</c>, <c>uid</c>, <c>groups</c>, <c>extra</c> (empty fields
/// omitted, as Go's <c>omitempty</c>). The answer's <c>status.allowed</c>/<c>reason</c> is cached under the JSON of the
/// spec: allowed answers for <c>--authorization-webhook-cache-authorized-ttl</c>, others for
/// <c>--authorization-webhook-cache-unauthorized-ttl</c>; concurrent identical reviews coalesce; failed calls are not
/// cached. An answer with both <c>allowed</c> and <c>denied</c> is an error (webhook.go). Each review is bounded by
/// 10 s (the delegating authorizer's client timeout).
/// </remarks>
/// <param name="client">Hub client (<c>--authorization-kubeconfig</c>).</param>
/// <param name="allowedTtl">TTL of allowed answers.</param>
/// <param name="deniedTtl">TTL of other answers.</param>
/// <param name="timeProvider">Clock.</param>
internal sealed class SubjectAccessReviewer(
    KubeClient client, TimeSpan allowedTtl, TimeSpan deniedTtl, TimeProvider timeProvider)
{
    /// <summary>authorization.k8s.io/v1 SubjectAccessReview (cluster-scoped, create only).</summary>
    public static readonly ResourceKind SubjectAccessReviews =
        new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", Namespaced: false);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ReviewCache<AccessReviewResult> _cache = new(timeProvider);

    /// <summary>Reviews <paramref name="attributes"/> (or answers from the cache).</summary>
    /// <param name="attributes">What to authorize.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="KubeApiException">The hub refused the review.</exception>
    /// <exception cref="HttpRequestException">The hub is unreachable.</exception>
    /// <exception cref="InvalidOperationException">The answer both allows and denies.</exception>
    /// <exception cref="OperationCanceledException">The review took longer than 10 s.</exception>
    public Task<AccessReviewResult> ReviewAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        var spec = Spec(attributes).ToJsonString();
        return _cache.GetOrReviewAsync(spec, ct => SendAsync(spec, ct),
            result => result.Allowed ? allowedTtl : deniedTtl, cancellationToken);
    }

    /// <summary>The SAR <c>spec</c> for <paramref name="attributes"/>.</summary>
    /// <param name="attributes">What to authorize.</param>
    /// <returns>The spec (a new object).</returns>
    public static JsonObject Spec(AuthorizationAttributes attributes)
    {
        var spec = new JsonObject();
        if (attributes.IsResourceRequest)
        {
            spec["resourceAttributes"] = Omitting(
                ("namespace", attributes.Namespace), ("verb", attributes.Verb), ("group", attributes.ApiGroup),
                ("version", attributes.ApiVersion), ("resource", attributes.Resource),
                ("subresource", attributes.Subresource), ("name", attributes.Name));
        }
        else
        {
            spec["nonResourceAttributes"] = Omitting(("path", attributes.Path), ("verb", attributes.Verb));
        }

        var user = attributes.User;
        if (user.Name.Length > 0)
        {
            spec["user"] = user.Name;
        }

        if (user.Groups.Count > 0)
        {
            spec["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]);
        }

        if (user.Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in user.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                extra[key] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
            }

            spec["extra"] = extra;
        }

        if (!string.IsNullOrEmpty(user.Uid))
        {
            spec["uid"] = user.Uid;
        }

        return spec;
    }

    private static JsonObject Omitting(params (string Key, string Value)[] fields)
    {
        var result = new JsonObject();
        foreach (var (key, value) in fields.Where(f => f.Value.Length > 0))
        {
            result[key] = value;
        }

        return result;
    }

    private async Task<AccessReviewResult> SendAsync(string spec, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var review = new JsonObject
        {
            ["apiVersion"] = SubjectAccessReviews.ApiVersion,
            ["kind"] = SubjectAccessReviews.Kind,
            ["metadata"] = new JsonObject(),
            ["spec"] = JsonNode.Parse(spec),
        };
        var answer = await client.CreateAsync(SubjectAccessReviews, null, review, linked.Token);
        var status = answer["status"] as JsonObject ?? [];
        var allowed = status["allowed"]?.GetValue<bool>() == true;
        if (allowed && status["denied"]?.GetValue<bool>() == true)
        {
            throw new InvalidOperationException(
                "webhook subject access review returned both allow and deny response");
        }

        return new AccessReviewResult(allowed, status["reason"]?.GetValue<string>() ?? "");
    }
}
