using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// The <c>clustergateways/{name}/proxy</c> subresource: every method, any sub-path. Looks the cluster up in the
/// in-memory registry (no hub call on this path) and forwards with the cluster's transport.
/// Errors are Kubernetes Status bodies: unknown cluster 404 NotFound (upstream: 500), unusable cluster 503.
/// </summary>
internal static partial class ProxyEndpoint
{
    /// <summary>Maps the proxy routes (with and without a sub-path).</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapClusterGatewayProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map(ProxyPath.Prefix + "{name}/proxy", HandleAsync);
        endpoints.Map(ProxyPath.Prefix + "{name}/proxy/{**rest}", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, IClusterRegistry registry,
        ClusterTransportCache transports, IEnumerable<IProxyFilter> filters, ILogger<ClusterTransportCache> logger)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (!ProxyPath.TryParse(rawTarget, out var path))
        {
            await StatusResponses.WriteAsync(context, Status.Failure(400, "BadRequest", $"malformed proxy path {rawTarget}"));
            return;
        }

        if (path.HasDotSegment)
        {
            await StatusResponses.WriteAsync(context,
                Status.Failure(400, "BadRequest", $"proxy path {path.Rest} must not contain . or .. segments"));
            return;
        }

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

        var request = new ProxyRequestContext(context, path, entry.Gateway);
        try
        {
            var failure = await ForwardAsync(request, transports, filters, logger);
            if (failure is not null)
            {
                Log.ProxyFailed(logger, path.Cluster, failure.Message ?? "");
                await StatusResponses.WriteAsync(context, failure);
            }
        }
        finally
        {
            request.Complete(context.Response.StatusCode);
        }
    }

    private static async Task<Status?> ForwardAsync(ProxyRequestContext request, ClusterTransportCache transports,
        IEnumerable<IProxyFilter> filters, ILogger logger)
    {
        foreach (var filter in filters)
        {
            if (await filter.OnRequestAsync(request) is { } refused)
            {
                return refused;
            }
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
