using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
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
/// <see cref="ProxyFilterPipeline"/>'s order.
/// </summary>
internal static partial class ProxyEndpoint
{
    /// <summary>Maps the proxy routes (with and without a sub-path).</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">A registered filter has no place in
    /// <see cref="ProxyFilterPipeline.Order"/>.</exception>
    public static IEndpointRouteBuilder MapClusterGatewayProxy(this IEndpointRouteBuilder endpoints)
    {
        var pipeline = new ProxyFilterPipeline(endpoints.ServiceProvider.GetServices<IProxyFilter>());
        RequestDelegate handle = context => HandleAsync(context, pipeline);
        endpoints.Map(ProxyPath.Prefix + "{name}/proxy", handle);
        endpoints.Map(ProxyPath.Prefix + "{name}/proxy/{**rest}", handle);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, ProxyFilterPipeline pipeline)
    {
        var services = context.RequestServices;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (!ProxyPath.TryParse(rawTarget, out var path))
        {
            await StatusResponses.WriteAsync(context,
                ApiStatuses.BadRequest($"malformed proxy path {ForbiddenStatus.GoQuote(rawTarget)}"));
            return;
        }

        if (path.Problem is { } problem)
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.BadRequest(problem));
            return;
        }

        var registry = services.GetRequiredService<IClusterRegistry>();
        if (!registry.Snapshot.TryGetValue(path.Cluster, out var entry))
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.NotFound(path.Cluster));
            return;
        }

        if (entry.Gateway is null)
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.Unavailable(path.Cluster, entry.Error));
            return;
        }

        var logger = services.GetRequiredService<ILogger<ClusterTransportCache>>();
        var request = new ProxyRequestContext(context, path, entry.Gateway);
        try
        {
            var failure = await ForwardAsync(request, services.GetRequiredService<ClusterTransportCache>(), pipeline,
                logger);
            if (failure is not null)
            {
                Log.ProxyFailed(logger, LogText.Escape(path.Cluster), LogText.Escape(failure.Message));
                await StatusResponses.WriteAsync(context, failure);
            }
        }
        finally
        {
            request.Complete(context.Response.StatusCode);
        }
    }

    private static async Task<Status?> ForwardAsync(ProxyRequestContext request, ClusterTransportCache transports,
        ProxyFilterPipeline pipeline, ILogger logger)
    {
        if (await pipeline.RunAsync(request) is { } refused)
        {
            return refused;
        }

        ClusterTransport transport;
        try
        {
            transport = transports.Get(request.Gateway);
        }
        catch (ClusterTransportException e)
        {
            return ApiStatuses.Unavailable(request.Path.Cluster, e.Message);
        }

        // The path the filters authorized is the path sent: ProxyRequestContext.Path keeps the checked sub-path.
        var target = request.Path.TargetFor(transport.Endpoint);
        return request.IsUpgrade
            ? await UpgradeForwarder.ForwardAsync(request, transport, target, logger)
            : await ClusterForwarder.ForwardAsync(request, transport, target);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Proxy to cluster {Cluster} failed: {Reason}")]
        public static partial void ProxyFailed(ILogger logger, string cluster, string reason);
    }
}
