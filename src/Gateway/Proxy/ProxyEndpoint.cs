using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// The <c>clustergateways/{name}/proxy</c> subresource: every method, any sub-path. Looks the cluster up in the
/// in-memory registry (no hub call on this path) and forwards with the cluster's transport.
/// Errors are Kubernetes Status bodies: a sub-path <see cref="ProxyPathRules"/> refuses and a malformed request body
/// 400 BadRequest, unknown cluster 404 NotFound (upstream: 500), unusable cluster 503. The filters run in
/// <see cref="ProxyFilterPipeline"/>'s order. The cluster name <c>*</c> is a fan-out (<see cref="FanOutEndpoint"/>).
/// </summary>
internal static partial class ProxyEndpoint
{
    private const string Route = ProxyPath.Prefix + "{name}/proxy";
    private const string RestRoute = Route + "/{**rest}";

    /// <summary>
    /// Adds the proxy: a middleware that takes every request whose raw target is a proxy path
    /// (<see cref="ProxyPath.Of"/>) ahead of endpoint routing - the hot path matches no routes and allocates no route
    /// values, the path having been parsed once already - and the routes (with and without a sub-path), for what
    /// routing matches that <see cref="ProxyPath"/> does not parse (answered 400). Call it before
    /// <c>UseRouting</c>, after authentication and authorization.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    /// <exception cref="InvalidOperationException">A registered filter has no place in
    /// <see cref="ProxyFilterPipeline.Order"/>.</exception>
    public static WebApplication UseClusterGatewayProxy(this WebApplication app)
    {
        // Singletons resolved once: a request that touched RequestServices would create (and dispose) a scope.
        var services = app.Services;
        var pipeline = new ProxyFilterPipeline(services.GetServices<IProxyFilter>());
        var tracing = services.GetRequiredService<ProxyTracing>().Enabled;
        var fanOut = new FanOutServices(pipeline, services.GetRequiredService<IClusterRegistry>(),
            services.GetRequiredService<ClusterTransportCache>(), services.GetRequiredService<AuthorizationMiddleware>(),
            services.GetRequiredService<ProxyMetrics>(), services.GetRequiredService<GatewayOptions>(),
            services.GetRequiredService<ILogger<FanOutServices>>(), tracing)
        {
            MemberLog = AccessLog.FanOutMemberWriter(services, services.GetRequiredService<GatewayOptions>().AccessLog),
        };
        var handler = new Handler(pipeline,
            services.GetRequiredService<IClusterRegistry>(), services.GetRequiredService<ClusterTransportCache>(),
            services.GetRequiredService<ILogger<ClusterTransportCache>>(), tracing, fanOut);
        RequestDelegate handle = context => HandleAsync(context, handler);
        // The endpoints routing would have chosen, set on the request so that tracing names the server span after its
        // route (found once the routes are built).
        var endpoints = services.GetRequiredService<EndpointDataSource>();
        var routed = new Lazy<(Endpoint Bare, Endpoint WithRest)>(() => (Find(endpoints, Route), Find(endpoints, RestRoute)),
            LazyThreadSafetyMode.PublicationOnly);
        app.Use(next => context =>
        {
            if (ProxyPath.Of(context) is not { } path)
            {
                return next(context);
            }

            context.SetEndpoint(path.Rest.Length == 0 ? routed.Value.Bare : routed.Value.WithRest);
            return handle(context);
        });
        app.Map(Route, handle);
        app.Map(RestRoute, handle);
        return app;
    }

    private static Endpoint Find(EndpointDataSource endpoints, string route) =>
        endpoints.Endpoints.OfType<RouteEndpoint>().First(e => e.RoutePattern.RawText == route);

    private static async Task HandleAsync(HttpContext context, Handler handler)
    {
        if (ProxyPath.Of(context) is not { } path)
        {
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
            await StatusResponses.WriteAsync(context,
                ApiStatuses.BadRequest($"malformed proxy path {ForbiddenStatus.GoQuote(rawTarget)}"));
            return;
        }

        if (path.Problem is { } problem)
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.BadRequest(problem));
            return;
        }

        if (handler.Tracing)
        {
            ProxyTracing.TagServerSpan(context, path);
        }

        if (path.Cluster == FanOutTarget.Name)
        {
            await FanOutEndpoint.HandleAsync(context, path, handler.FanOut);
            return;
        }

        if (!handler.Registry.Snapshot.TryGetValue(path.Cluster, out var entry))
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.NotFound(path.Cluster));
            return;
        }

        if (entry.Gateway is null)
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.Unavailable(path.Cluster, entry.Error));
            return;
        }

        var request = new ProxyRequestContext(context, path, entry.Gateway) { Traced = handler.Tracing };
        try
        {
            var failure = await ForwardAsync(request, handler.Transports, handler.Pipeline, handler.Logger);
            if (failure is not null)
            {
                Log.ProxyFailed(handler.Logger, LogText.Escape(path.Cluster), LogText.Escape(failure.Message));
                await StatusResponses.WriteAsync(context, failure);
            }
        }
        finally
        {
            request.Complete(context.Response.StatusCode);
        }
    }

    // Not async: filters that decide at once (all of them, unless an exec plugin or a review must be awaited) and the
    // transport lookup add no state machine of their own to the request.
    private static Task<Status?> ForwardAsync(ProxyRequestContext request, ClusterTransportCache transports,
        ProxyFilterPipeline pipeline, ILogger logger)
    {
        var filtering = pipeline.RunAsync(request);
        if (!filtering.IsCompletedSuccessfully)
        {
            return FilterThenSendAsync(filtering, request, transports, logger);
        }

        return filtering.Result is { } refused ? Task.FromResult<Status?>(refused) : SendAsync(request, transports, logger);
    }

    private static async Task<Status?> FilterThenSendAsync(ValueTask<Status?> filtering, ProxyRequestContext request,
        ClusterTransportCache transports, ILogger logger) =>
        await filtering is { } refused ? refused : await SendAsync(request, transports, logger);

    private static Task<Status?> SendAsync(ProxyRequestContext request, ClusterTransportCache transports, ILogger logger)
    {
        ClusterTransport transport;
        try
        {
            transport = request.Transport ?? transports.Get(request.Gateway);
        }
        catch (ClusterTransportException e)
        {
            return Task.FromResult<Status?>(ApiStatuses.Unavailable(request.Path.Cluster, e.Message));
        }

        // The path the filters authorized is the path sent: ProxyRequestContext.Path keeps the checked sub-path.
        var target = request.Path.TargetFor(transport.Endpoint);
        return request.IsUpgrade
            ? UpgradeForwarder.ForwardAsync(request, transport, target, logger)
            : ClusterForwarder.ForwardAsync(request, transport, target);
    }

    private sealed record Handler(ProxyFilterPipeline Pipeline, IClusterRegistry Registry, ClusterTransportCache Transports,
        ILogger Logger, bool Tracing, FanOutServices FanOut);

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Proxy to cluster {Cluster} failed: {Reason}")]
        public static partial void ProxyFailed(ILogger logger, string cluster, string reason);
    }
}
