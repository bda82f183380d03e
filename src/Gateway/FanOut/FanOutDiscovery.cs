using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// Discovery and other non-resource reads through <c>*</c> (<c>/api</c>, <c>/apis</c>, <c>/apis/{g}/{v}</c>,
/// <c>/version</c>, <c>/openapi/v2</c>, <c>/openapi/v3...</c>): answered by one selected cluster, the first by name
/// that answers without a server error, relayed as is (caller's Accept, ETag/304 included), so plain kubectl can
/// discover what it then lists across clusters. Clusters are assumed to serve the same APIs; one that does not is
/// still listed by the clusters that do.
/// </summary>
internal static class FanOutDiscovery
{
    /// <summary>Serves the request.</summary>
    /// <param name="request">The fan-out request.</param>
    /// <param name="members">The clusters, by name.</param>
    /// <param name="query">The raw query to send (without the gateway-only parameters).</param>
    /// <returns>The outcome.</returns>
    public static async Task<FanOutOutcome> ServeAsync(FanOutRequest request, IReadOnlyList<FanOutMember> members,
        string query)
    {
        var context = request.HttpContext;
        var aborted = context.RequestAborted;
        var failures = new List<FanOutFailure>();
        foreach (var member in members)
        {
            FanOutReply reply;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted))
            {
                timeout.CancelAfter(request.Services.Options.FanoutClusterTimeout);
                try
                {
                    reply = await member.SendAsync(query, narrowAccept: false, timeout.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    failures.Add(new FanOutFailure(member.Cluster, Status.Failure(504, "Timeout", "no answer in time")));
                    continue;
                }
            }

            using (reply)
            {
                if (reply.Response is { } response && (int)response.StatusCode is < 500 and not 429)
                {
                    ClusterForwarder.LiftDataRates(context);
                    await ClusterForwarder.RelayAsync(context, response);
                    return FanOutOutcome.Of(1, 0);
                }

                failures.Add(new FanOutFailure(member.Cluster, reply.Failure ??
                    Status.Failure((int)reply.Response!.StatusCode, "ServiceUnavailable",
                        $"answered HTTP {(int)reply.Response.StatusCode}")));
            }
        }

        var message = members.Count == 0
            ? "the fan-out selected no cluster the caller may proxy to"
            : "no selected cluster answered: " + string.Join("; ", failures.Select(f => $"cluster {f.Cluster}: {f.Reason}"));
        await Apiserver.StatusResponses.WriteAsync(context, Status.Failure(503, "ServiceUnavailable", message));
        return FanOutOutcome.Of(0, failures.Count);
    }
}
