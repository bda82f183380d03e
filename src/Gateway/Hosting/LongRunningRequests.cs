using ClusterGateway.Crds;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// Ends long-running requests when the gateway drains (<see cref="GracefulShutdown.Draining"/>), in one place for
/// every endpoint, so clients reconnect to another replica instead of being held until the grace period cuts them.
/// Long-running is kube-apiserver's rule (k8s.io/apiserver <c>pkg/server/filters/longrunning.go</c>
/// <c>BasicLongRunningRequestCheck</c>: verbs <c>watch</c> and <c>proxy</c>; subresources <c>attach</c>,
/// <c>exec</c>, <c>proxy</c>, <c>log</c>, <c>portforward</c>), applied to the proxied (inner) request rather than to
/// the <c>clustergateways/{name}/proxy</c> subresource itself, so an ordinary proxied call (a get, a create) drains
/// like any other request:
/// <list type="bullet">
/// <item>a <c>clustergateways</c> watch gets a request-aborted token linked to <see cref="GracefulShutdown.Draining"/>:
/// it ends with a clean end of stream, as kube-apiserver ends watches on shutdown, and client-go re-watches;</item>
/// <item>a long-running proxied request (a watch, <c>logs -f</c>, an exec/attach/port-forward upgrade) has its
/// connection closed: the gateway cannot end the cluster's stream in its protocol, so it cuts it;</item>
/// <item>one that arrives once draining began is refused with 429 TooManyRequests, <c>Retry-After: 1</c> (and
/// <c>Connection: close</c> on HTTP/1.1), like kube-apiserver's <c>--shutdown-send-retry-after</c>
/// (<c>pkg/server/filters/with_retry_after.go</c>).</item>
/// </list>
/// </summary>
internal static class LongRunningRequests
{
    private static readonly HashSet<string> LongRunningVerbs = new(["watch", "proxy"], StringComparer.Ordinal);

    private static readonly HashSet<string> LongRunningSubresources =
        new(["attach", "exec", "proxy", "log", "portforward"], StringComparer.Ordinal);

    private enum Kind
    {
        Ordinary,
        OwnWatch,
        ProxiedStream,
    }

    /// <summary>Adds the middleware; requires <see cref="GracefulShutdown"/> to be registered.</summary>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IApplicationBuilder UseLongRunningRequestShutdown(this IApplicationBuilder app)
    {
        var shutdown = app.ApplicationServices.GetRequiredService<GracefulShutdown>();
        return app.Use((context, next) => InvokeAsync(context, next, shutdown.Draining));
    }

    private static Task InvokeAsync(HttpContext context, RequestDelegate next, CancellationToken draining)
    {
        // Ordinary requests pass straight through (no state machine of ours on the way).
        var kind = Classify(context);
        return kind == Kind.Ordinary ? next(context) : LongRunningAsync(context, next, draining, kind);
    }

    private static async Task LongRunningAsync(HttpContext context, RequestDelegate next, CancellationToken draining, Kind kind)
    {
        if (draining.IsCancellationRequested)
        {
            await RefuseAsync(context);
            return;
        }

        if (kind == Kind.OwnWatch)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, draining);
            context.RequestAborted = linked.Token;
            await next(context);
            return;
        }

        // Disposed before the context is returned to Kestrel's pool, so the abort can only hit this request.
        await using var registration = draining.Register(static state => ((HttpContext)state!).Abort(), context);
        await next(context);
    }

    private static Kind Classify(HttpContext context)
    {
        RequestInfo info;
        try
        {
            info = context.GetRequestInfo();
        }
        catch (FormatException)
        {
            return Kind.Ordinary;
        }

        if (!info.IsResourceRequest || info.ApiGroup != ApiGroups.ClusterGroup || info.Resource != ApiGroups.ClusterGateways)
        {
            return Kind.Ordinary;
        }

        if (info.Verb == "watch")
        {
            return Kind.OwnWatch;
        }

        return info.Subresource == "proxy" && IsLongRunningProxied(context) ? Kind.ProxiedStream : Kind.Ordinary;
    }

    private static bool IsLongRunningProxied(HttpContext context)
    {
        if (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true)
        {
            return true;
        }

        if (ProxyPath.Of(context) is not { } path)
        {
            return false;
        }

        try
        {
            var inner = InnerRequest.Parse(context, path);
            return LongRunningVerbs.Contains(inner.Verb) ||
                   (inner.IsResourceRequest && LongRunningSubresources.Contains(inner.Subresource));
        }
        catch (FormatException)
        {
            // The proxy answers it with its own error; nothing long-running about that.
            return false;
        }
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            // A new connection goes through the load balancer to a replica that is not shutting down.
            context.Response.Headers.Connection = "close";
        }

        return StatusResponses.WriteAsync(context, Status.Failure(429, "TooManyRequests",
            "The apiserver is shutting down, please try again later.", new StatusDetails { RetryAfterSeconds = 1 }));
    }
}
