using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The authorization stage, like <c>WithAuthorization</c> (k8s.io/apiserver pkg/endpoints/filters/authorization.go)
/// over the delegating union authorizer (pkg/server/options/authorization.go).
/// </summary>
/// <remarks>
/// 1. Public paths (<see cref="AlwaysAllowPaths"/>) pass, with or without a user.
/// 2. Local mode (no SubjectAccessReview client) allows every authenticated user: only the gateway's own token
///    authenticates there.
/// 3. A user in an always-allowed group (<c>--authorization-always-allow-groups</c>, default <c>system:masters</c>)
///    passes without a review.
/// 4. Otherwise a SubjectAccessReview decides (<see cref="SubjectAccessReviewer"/>): allowed passes; anything else is
///    403 Forbidden (<see cref="ForbiddenStatus"/>, with the review's reason). A review that fails (hub unreachable,
///    refused, timed out) is a 500 InternalError Status <c>Internal Server Error: "&lt;uri&gt;": &lt;error&gt;</c>, as
///    kube-apiserver's <c>responsewriters.InternalError</c> words it (it writes plain text; we write a Status).
/// 5. A fan-out request (<c>clustergateways/*/proxy/...</c>) passes here; the fan-out asks
///    <see cref="MayProxyAsync"/> for every candidate cluster and leaves out those the caller may not proxy to.
/// </remarks>
/// <param name="publicPaths">Paths served without authorization.</param>
/// <param name="alwaysAllowGroups">Groups allowed everything.</param>
/// <param name="reviewer">SubjectAccessReview client; <see langword="null"/> in local mode.</param>
/// <param name="logger">Logger.</param>
internal sealed partial class AuthorizationMiddleware(
    AlwaysAllowPaths publicPaths, IReadOnlyList<string> alwaysAllowGroups, SubjectAccessReviewer? reviewer,
    ILogger<AuthorizationMiddleware> logger)
{
    /// <summary>The middleware.</summary>
    /// <param name="context">The request; authentication has run.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes with the response.</returns>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // :: Step 1
        var info = context.GetRequestInfo();
        var user = context.GetKubeUser();
        if (publicPaths.Allows(info))
        {
            return next(context);
        }

        if (user is null)
        {
            // Authentication lets only public paths through without a user; be safe if it was not installed.
            return StatusResponses.WriteAsync(context, Status.Failure(401, "Unauthorized", "Unauthorized"));
        }

        // :: Step 5: a fan-out (clustergateways/*/proxy) is authorized per cluster by the fan-out itself
        // (MayProxyAsync); "*" is never a cluster name, so no review of it could mean anything.
        if (FanOut.FanOutTarget.Is(context))
        {
            return next(context);
        }

        // :: Step 2, 3
        return reviewer is null || InAlwaysAllowedGroup(user) ? next(context) : ReviewAsync(context, next, info, user, reviewer);
    }

    /// <summary>
    /// Whether the caller of a fan-out request may use <c>clustergateways/proxy</c> on <paramref name="cluster"/>: the
    /// same decision (local mode, always-allowed groups, the cached SubjectAccessReview with the same attributes) as a
    /// single-cluster request for that name would get.
    /// </summary>
    /// <param name="context">The fan-out request (authenticated).</param>
    /// <param name="cluster">A candidate cluster.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when allowed.</returns>
    /// <exception cref="KubeApiException">The hub refused the review.</exception>
    /// <exception cref="HttpRequestException">The hub is unreachable.</exception>
    /// <exception cref="InvalidOperationException">The answer both allows and denies.</exception>
    /// <exception cref="OperationCanceledException">The review timed out or was cancelled.</exception>
    public async Task<bool> MayProxyAsync(HttpContext context, string cluster, CancellationToken cancellationToken)
    {
        if (context.GetKubeUser() is not { } user)
        {
            return false;
        }

        if (reviewer is null || InAlwaysAllowedGroup(user))
        {
            return true;
        }

        var attributes = AuthorizationAttributes.From(user, context.GetRequestInfo()) with { Name = cluster };
        return (await reviewer.ReviewAsync(attributes, cancellationToken)).Allowed;
    }

    private bool InAlwaysAllowedGroup(KubeUser user)
    {
        foreach (var group in user.Groups)
        {
            foreach (var allowed in alwaysAllowGroups)
            {
                if (string.Equals(group, allowed, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task ReviewAsync(HttpContext context, RequestDelegate next, RequestInfo info, KubeUser user,
        SubjectAccessReviewer reviewer)
    {
        // :: Step 4
        var attributes = AuthorizationAttributes.From(user, info);
        AccessReviewResult result;
        try
        {
            result = await reviewer.ReviewAsync(attributes, context.RequestAborted);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException ||
                                  (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
            Log.ReviewFailed(logger, LogText.Escape(user.Name), info.Verb, LogText.Escape(info.Path), LogText.Escape(e.Message));
            await StatusResponses.WriteAsync(context, Status.Failure(500, "InternalError",
                $"Internal Server Error: {ForbiddenStatus.GoQuote(target)}: {e.Message}"));
            return;
        }

        if (result.Allowed)
        {
            await next(context);
            return;
        }

        var forbidden = ForbiddenStatus.Create(attributes, result.Reason);
        Log.Forbidden(logger, LogText.Escape(forbidden.Message));
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await StatusResponses.WriteAsync(context, forbidden);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 820, Level = LogLevel.Debug, Message = "Forbidden: {Message}")]
        public static partial void Forbidden(ILogger logger, string message);

        [LoggerMessage(EventId = 821, Level = LogLevel.Warning,
            Message = "SubjectAccessReview for user {User} ({Verb} {Path}) failed: {Reason}")]
        public static partial void ReviewFailed(ILogger logger, string user, string verb, string path, string reason);
    }
}
