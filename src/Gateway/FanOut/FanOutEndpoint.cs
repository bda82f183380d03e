using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Apiserver.Selectors;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// <c>clustergateways/*/proxy/...</c>: one read across every selected cluster the caller may proxy to.
/// </summary>
/// <remarks>
/// 1. Gateway-only query parameters are taken off (<see cref="FanOutQuery"/>): <c>clusterSelector</c> (a label
///    selector on the ClusterGateways; all clusters when absent; malformed: 400) and <c>partial</c> (a Go bool;
///    malformed: 400).
/// 2. Only reads (https://kubernetes.io/docs/reference/using-api/api-concepts/#api-verbs): the inner request must be
///    a <c>list</c> or <c>watch</c> of a collection, or a non-resource GET (discovery, <c>/version</c>, OpenAPI).
///    Anything else (writes, a named <c>get</c>, subresources such as <c>log</c>, upgrades) is 405 MethodNotAllowed.
/// 3. Clusters: <see cref="FanOutMembership"/> (selector, then the per-cluster authorization); a review that fails
///    is 500 InternalError as for a single cluster.
/// 4. list → <see cref="FanOutList"/>, watch → <see cref="FanOutWatch"/>, discovery → <see cref="FanOutDiscovery"/>.
/// The access log line says <c>cluster=*</c> with how many clusters answered and failed
/// (<see cref="RequestState.FanOutAnswered"/>), and <c>cluster_gateway_fanout_requests_total{verb,result}</c> counts it.
/// </remarks>
internal static partial class FanOutEndpoint
{
    /// <summary>Serves a fan-out request.</summary>
    /// <param name="context">The request (authenticated; authorized per cluster here).</param>
    /// <param name="path">Its proxy path (cluster <c>*</c>).</param>
    /// <param name="services">The shared services.</param>
    /// <returns>A task.</returns>
    public static async Task HandleAsync(HttpContext context, ProxyPath path, FanOutServices services)
    {
        var verb = "";
        var outcome = FanOutOutcome.Refused;
        try
        {
            (verb, outcome) = await ServeAsync(context, path, services);
        }
        finally
        {
            var state = RequestState.Of(context);
            state.FanOutAnswered = outcome.Answered;
            state.FanOutFailed = outcome.Failed;
            services.Metrics.FanOutCompleted(verb, outcome.Result);
        }
    }

    private static async Task<(string Verb, FanOutOutcome Outcome)> ServeAsync(HttpContext context, ProxyPath path,
        FanOutServices services)
    {
        var query = FanOutQuery.Parse(path.Query);
        var selector = LabelSelector.Parse(query.ClusterSelector, out var selectorError);
        if (selector is null)
        {
            return await RefuseAsync(context, "", ApiStatuses.BadRequest($"invalid clusterSelector: {selectorError}"));
        }

        var partial = true;
        if (query.Partial is { } partialText && !Crds.SecretConversion.GoBool.TryParse(partialText, out partial))
        {
            return await RefuseAsync(context, "", ApiStatuses.BadRequest(
                $"invalid partial {Security.ForbiddenStatus.GoQuote(partialText)}: want true or false"));
        }

        RequestInfo inner;
        try
        {
            inner = InnerRequest.Parse(context.Request.Method, path with { Query = query.Forwarded });
        }
        catch (FormatException e)
        {
            return await RefuseAsync(context, "", ApiStatuses.BadRequest(e.Message));
        }

        var kind = KindOf(context, inner);
        if (kind == Kind.None)
        {
            return await RefuseAsync(context, inner.Verb, ApiStatuses.MethodNotAllowed(
                "fan-out (clustergateways/*/proxy) is read-only: only list and watch of a collection and discovery " +
                $"GETs are served, not {inner.Verb} {inner.Path}"));
        }

        using var request = new FanOutRequest(context, path.Rest, services, inner);
        FanOutMembership membership;
        try
        {
            membership = await FanOutMembership.CreateAsync(request, selector, context.RequestAborted);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException ||
                                  (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            Log.ReviewFailed(services.Logger, LogText.Escape(e.Message));
            return await RefuseAsync(context, inner.Verb, Status.Failure(500, "InternalError",
                $"Internal Server Error: reviewing the fan-out clusters failed: {e.Message}"));
        }

        using (membership)
        {
            switch (kind)
            {
                case Kind.Watch:
                    await FanOutWatch.ServeAsync(context, membership, query.Forwarded, partial, context.RequestAborted);
                    return (inner.Verb, FanOutOutcome.Of(membership.Members.Count, 0));
                case Kind.List:
                    return (inner.Verb, await FanOutList.ServeAsync(request, membership.Current, query, partial));
                default:
                    return (inner.Verb, await FanOutDiscovery.ServeAsync(request, membership.Members, query.Forwarded));
            }
        }
    }

    private static Kind KindOf(HttpContext context, RequestInfo inner)
    {
        if (!HttpMethods.IsGet(context.Request.Method) ||
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>()?.IsUpgradableRequest == true)
        {
            return Kind.None;
        }

        if (!inner.IsResourceRequest)
        {
            return Kind.Discovery;
        }

        return inner.Verb switch
        {
            "list" when inner.Subresource.Length == 0 => Kind.List,
            "watch" when inner.Subresource.Length == 0 => Kind.Watch,
            _ => Kind.None,
        };
    }

    private static async Task<(string, FanOutOutcome)> RefuseAsync(HttpContext context, string verb, Status status)
    {
        await StatusResponses.WriteAsync(context, status);
        return (verb, FanOutOutcome.Refused);
    }

    private enum Kind
    {
        None,
        List,
        Watch,
        Discovery,
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Fan-out: reviewing the clusters failed: {Reason}")]
        public static partial void ReviewFailed(ILogger logger, string reason);
    }
}
