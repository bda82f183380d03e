using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The authentication stage, like <c>WithAuthentication</c> (k8s.io/apiserver pkg/endpoints/filters/authentication.go):
/// runs <see cref="GatewayAuthenticator"/>, stores the user (<see cref="KubeUserHttpContextExtensions.SetKubeUser"/>)
/// and answers everything it cannot authenticate with 401 Unauthorized (Status <c>Unauthorized</c>, as
/// <c>responsewriters.Unauthorized</c>) and <c>WWW-Authenticate: Bearer</c>, except public paths
/// (<see cref="AlwaysAllowPaths"/>), which go on without a user. Request headers are never modified.
/// </summary>
/// <param name="authenticator">The authenticators.</param>
/// <param name="publicPaths">Paths open to unauthenticated callers.</param>
/// <param name="logger">Logger.</param>
internal sealed partial class AuthenticationMiddleware(
    GatewayAuthenticator authenticator, AlwaysAllowPaths publicPaths, ILogger<AuthenticationMiddleware> logger)
{
    /// <summary>The middleware.</summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes with the response.</returns>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // A user known at once (the local token, a cached review) goes on without a state machine of ours.
        var pending = authenticator.AuthenticateAsync(context, context.RequestAborted);
        if (pending.IsCompletedSuccessfully && pending.Result.User is { } known)
        {
            context.SetKubeUser(known);
            return next(context);
        }

        return AuthenticateAsync(pending, context, next);
    }

    private async Task AuthenticateAsync(ValueTask<AuthenticationResult> pending, HttpContext context, RequestDelegate next)
    {
        var result = await pending;
        if (result.User is { } user)
        {
            context.SetKubeUser(user);
            await next(context);
            return;
        }

        if (publicPaths.Allows(context.GetRequestInfo()))
        {
            await next(context);
            return;
        }

        if (result.Errors.Count > 0)
        {
            Log.Unauthenticated(logger, LogText.Escape(context.Request.Method), LogText.Escape(context.Request.Path.Value),
                LogText.Escape(string.Join("; ", result.Errors)));
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await StatusResponses.WriteAsync(context, Status.Failure(401, "Unauthorized", "Unauthorized"));
    }

    private static partial class Log
    {
        // Debug: every anonymous probe or expired token would otherwise flood the log at the default level.
        [LoggerMessage(EventId = 810, Level = LogLevel.Debug,
            Message = "Unable to authenticate {Method} {Path}: {Errors}")]
        public static partial void Unauthenticated(ILogger logger, string method, string path, string errors);
    }
}
