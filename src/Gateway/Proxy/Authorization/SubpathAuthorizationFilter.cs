using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Proxy.Authorization;

/// <summary>
/// <c>--authorize-proxy-subpath</c> (hub mode only): authorizes the proxied request itself on the hub before it is
/// forwarded, with the same delegated authorizer as the gateway's own API (upstream: the loopback authorizer,
/// inventory §3.1.3).
/// </summary>
/// <remarks>
/// 1. A caller in an always-allowed group (<c>--authorization-always-allow-groups</c>, default
///    <c>system:masters</c>) passes without a review: the union authorizer upstream used allows them first, as the
///    gateway's own authorization does.
/// 2. The inner request is parsed (<see cref="InnerRequest"/>); a resource request becomes a SubjectAccessReview with
///    <c>resourceAttributes{namespace, verb, group, version, resource, subresource, name}</c> (upstream sent
///    <c>nonResourceAttributes{path: ""}</c> by mistake), anything else <c>nonResourceAttributes{path, verb}</c>.
///    Reviews are cached like the gateway's own (<see cref="SubjectAccessReviewer"/>, same TTL flags).
/// 3. Denied: <c>403 Forbidden</c> in kube-apiserver's wording for the inner resource (<see cref="ForbiddenStatus"/>),
///    e.g. <c>configmaps "x" is forbidden: User "alice" cannot delete resource "configmaps" in API group "" in the
///    namespace "a"</c> (upstream: 500). A review that fails: <c>500 InternalError</c>, as the outer authorization.
///    An unparsable path verb (<c>/api/v1/watch</c>): <c>400 BadRequest</c>.
/// </remarks>
/// <param name="reviewer">SubjectAccessReview client of the hub.</param>
/// <param name="alwaysAllowGroups">Groups allowed without a review.</param>
/// <param name="logger">Logger.</param>
internal sealed partial class SubpathAuthorizationFilter(SubjectAccessReviewer reviewer,
    IReadOnlyList<string> alwaysAllowGroups, ILogger<SubpathAuthorizationFilter> logger) : IProxyFilter
{
    /// <inheritdoc/>
    public async ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        // :: Step 1
        if (context.User is not { } user)
        {
            return Status.Failure(401, "Unauthorized", "Unauthorized");
        }

        if (user.Groups.Any(g => alwaysAllowGroups.Contains(g, StringComparer.Ordinal)))
        {
            return null;
        }

        // :: Step 2
        RequestInfo info;
        try
        {
            info = InnerRequest.Parse(context);
        }
        catch (FormatException e)
        {
            return ApiStatuses.BadRequest(e.Message);
        }

        var aborted = context.HttpContext.RequestAborted;
        foreach (var attributes in InnerRequest.Attributes(user, info, context.IsUpgrade))
        {
            AccessReviewResult result;
            try
            {
                result = await reviewer.ReviewAsync(attributes, aborted);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException ||
                                      (e is OperationCanceledException && !aborted.IsCancellationRequested))
            {
                var target = context.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? info.Path;
                Log.ReviewFailed(logger, LogText.Escape(user.Name), context.Path.Cluster, attributes.Verb,
                    LogText.Escape(info.Path), LogText.Escape(e.Message));
                return Status.Failure(500, "InternalError",
                    $"Internal Server Error: {ForbiddenStatus.GoQuote(target)}: {e.Message}");
            }

            // :: Step 3
            if (!result.Allowed)
            {
                var forbidden = ForbiddenStatus.Create(attributes, result.Reason);
                Log.Forbidden(logger, context.Path.Cluster, LogText.Escape(forbidden.Message));
                context.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
                return forbidden;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 360, Level = LogLevel.Debug, Message = "Proxy to cluster {Cluster} forbidden: {Message}")]
        public static partial void Forbidden(ILogger logger, string cluster, string message);

        [LoggerMessage(EventId = 361, Level = LogLevel.Warning,
            Message = "SubjectAccessReview for user {User} proxying to cluster {Cluster} ({Verb} {Path}) failed: {Reason}")]
        public static partial void ReviewFailed(ILogger logger, string user, string cluster, string verb, string path,
            string reason);
    }
}
