using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The first security stage, like the generic apiserver's <c>WithRequestInfo</c> filter
/// (k8s.io/apiserver pkg/endpoints/filters/requestinfo.go): parses the request with
/// <see cref="RequestInfoParser.Default"/> and stores the result (<see cref="GetRequestInfo"/>). A path that cannot be
/// parsed (<c>/api/v1/watch</c>) is answered 500 InternalError <c>failed to create RequestInfo: ...</c>. A request
/// target with a dot segment is answered 400 (<see cref="ProxyPathRules.FindDotSegment"/>): Kestrel removes them from
/// <c>Request.Path</c>, so routing and authorization would see another path than the caller sent.
/// </summary>
internal static class RequestInfoMiddleware
{
    /// <summary>The middleware.</summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes with the response.</returns>
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw &&
            ProxyPathRules.FindDotSegment(raw) is { } dot)
        {
            return StatusResponses.WriteAsync(context, ApiStatuses.BadRequest(
                $"segment {ForbiddenStatus.GoQuote(dot)} of path {ForbiddenStatus.GoQuote(raw)} is a dot segment"));
        }

        RequestInfo info;
        try
        {
            info = RequestInfoParser.Default.Parse(context.Request.Method, context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value);
        }
        catch (FormatException e)
        {
            return StatusResponses.WriteAsync(context,
                Status.Failure(500, "InternalError", $"failed to create RequestInfo: {e.Message}"));
        }

        RequestState.Of(context).Info = info;
        return next(context);
    }

    /// <summary>The request's <see cref="RequestInfo"/>, parsed on demand when the middleware did not run.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The request info.</returns>
    /// <exception cref="FormatException">The path cannot be parsed (only when the middleware did not run).</exception>
    public static RequestInfo GetRequestInfo(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = RequestState.Of(context);
        return state.Info ??= RequestInfoParser.Default.Parse(context.Request.Method, context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value);
    }
}
