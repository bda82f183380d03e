using System.Diagnostics;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Kube.Models;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// One cluster of a fan-out: a <see cref="ProxyRequestContext"/> for this cluster on the caller's
/// <see cref="HttpContext"/>, through the same <see cref="ProxyFilterPipeline"/> as a single-cluster request
/// (sub-path authorization, impersonation, exchangers, metrics, fast-fail, limits, exec credentials), then sent with
/// the cluster's transport. <see cref="ProxyRequestContext.Complete"/> runs when the reply is disposed (or at once for
/// a refusal), with the cluster's status code, so per-cluster metrics and concurrency leases end with the body.
/// </summary>
/// <param name="request">The fan-out request's shared state.</param>
/// <param name="cluster">The cluster's name.</param>
/// <param name="gateway">Its current ClusterGateway.</param>
internal sealed class FanOutMember(FanOutRequest request, string cluster, V1Alpha1ClusterGateway gateway) : IFanOutMember
{
    /// <inheritdoc />
    public string Cluster => cluster;

    /// <summary>The ClusterGateway this member was made for (a change in the registry makes a new member).</summary>
    public V1Alpha1ClusterGateway Gateway => gateway;

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public Task<FanOutReply> SendAsync(string query, CancellationToken cancellationToken) =>
        SendAsync(query, narrowAccept: true, cancellationToken);

    /// <summary>Sends the inner request to this cluster.</summary>
    /// <param name="query">Raw query (see <see cref="IFanOutMember.SendAsync"/>).</param>
    /// <param name="narrowAccept">Narrow Accept to JSON (lists are merged as JSON); discovery keeps the caller's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<FanOutReply> SendAsync(string query, bool narrowAccept, CancellationToken cancellationToken)
    {
        var services = request.Services;
        var context = new ProxyRequestContext(request.HttpContext, new ProxyPath(cluster, request.Rest, query), gateway)
        {
            Traced = services.Tracing,
        };
        var completed = 0;
        var started = Stopwatch.GetTimestamp();
        void Complete(int code)
        {
            if (Interlocked.Exchange(ref completed, 1) == 0)
            {
                context.Complete(code);
                services.MemberLog?.Invoke(request.HttpContext, cluster, request.Rest, request.Inner, code,
                    Stopwatch.GetElapsedTime(started));
            }
        }

        try
        {
            // The filters share the caller's HttpContext (its items, its response headers on refusal), which is not
            // thread-safe: one cluster's filters at a time. They decide at once unless a review or an exec plugin is
            // awaited, and a repeated review is cached; the sends below run concurrently.
            Status? refused;
            await request.FilterLock.WaitAsync(cancellationToken);
            try
            {
                refused = await services.Pipeline.RunAsync(context);
            }
            finally
            {
                request.FilterLock.Release();
            }

            if (refused is not null)
            {
                Complete(refused.Code);
                return new FanOutReply(null, refused);
            }

            ClusterTransport transport;
            try
            {
                transport = context.Transport ?? services.Transports.Get(gateway);
            }
            catch (ClusterTransportException e)
            {
                var unusable = ApiStatuses.Unavailable(cluster, e.Message);
                Complete(unusable.Code);
                return new FanOutReply(null, unusable);
            }

            using var message = ClusterRequestBuilder.Create(context, transport, context.Path.TargetFor(transport.Endpoint),
                upgrade: false);
            if (narrowAccept)
            {
                var accept = FanOutAccept.Narrow(request.HttpContext.Request.Headers.Accept.ToString());
                message.Headers.Remove(HeaderNames.Accept);
                message.Headers.TryAddWithoutValidation(HeaderNames.Accept, accept);
            }

            HttpResponseMessage response;
            try
            {
                response = await transport.Invoker.SendAsync(message, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                var unreachable = Status.Failure(503, "ServiceUnavailable",
                    $"cluster {cluster} is unreachable: {ClusterTransportErrors.Describe(e)}");
                Complete(unreachable.Code);
                return new FanOutReply(null, unreachable);
            }

            var code = (int)response.StatusCode;
            return new FanOutReply(response, null) { Completed = () => Complete(code) };
        }
        catch
        {
            // Cancelled (deadline, caller gone) or a bug: the request ends here for this cluster.
            Complete(cancellationToken.IsCancellationRequested ? 504 : 500);
            throw;
        }
    }
}
