using System.Globalization;
using ClusterGateway.Gateway.Apiserver;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// A fan-out list (<c>GET clustergateways/*/proxy/api/v1/configmaps</c> and the like):
/// <list type="number">
/// <item>positions: a vector <c>resourceVersion</c> or <c>continue</c> (<see cref="ClusterVector"/>) gives each
/// cluster its own value; a malformed vector is 400 BadRequest, as kube-apiserver answers a malformed token;</item>
/// <item>pages: without <c>limit</c> every cluster is asked at once (at most <see cref="FanOutServices.MaxInFlight"/>
/// in flight); with <c>limit=N</c> the clusters still to be read share N (each asked for N/k, at least one, the first N
/// clusters when there are more than N), so a page never has more than N items and every item comes exactly once;
/// the <c>continue</c> vector holds each cluster's own continue token, the empty string for a cluster that is
/// exhausted (or failed: it is not retried on later pages, its Warning was on this one);</item>
/// <item>each cluster has <c>--fanout-cluster-timeout</c> to answer completely (<see cref="FanOutClusterAnswer"/>);</item>
/// <item>merge (<see cref="FanOutListWriter"/>) or fail (<see cref="FanOutOutcome"/>).</item>
/// </list>
/// </summary>
internal static class FanOutList
{
    /// <summary>Serves the list.</summary>
    /// <param name="request">The fan-out request.</param>
    /// <param name="members">The selected and authorized clusters, by name.</param>
    /// <param name="query">The caller's query.</param>
    /// <param name="partial">Whether a cluster may be missing (default); false turns any failure into 503.</param>
    /// <returns>How many clusters answered and failed.</returns>
    public static async Task<FanOutOutcome> ServeAsync(FanOutRequest request, IReadOnlyList<IFanOutMember> members,
        FanOutQuery query, bool partial)
    {
        var context = request.HttpContext;
        Dictionary<string, string>? continues = null;
        if (query.Continue is { Length: > 0 } token && !ClusterVector.TryDecode(token, out continues))
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.BadRequest(
                "continue key is not valid: not a fan-out continue token (clustergateways/*/proxy)"));
            return FanOutOutcome.Refused;
        }

        Dictionary<string, string>? versions = null;
        if (query.ResourceVersion is { Length: > 0 } version && version != "0" &&
            !ClusterVector.TryDecode(version, out versions))
        {
            await StatusResponses.WriteAsync(context, ApiStatuses.BadRequest(
                $"invalid resource version {ForbiddenStatusQuote(version)}: not a fan-out resourceVersion " +
                "(clustergateways/*/proxy)"));
            return FanOutOutcome.Refused;
        }

        long? limit = long.TryParse(query.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : null;
        var pending = members.Where(m => continues is null || !continues.TryGetValue(m.Cluster, out var c) || c.Length > 0)
            .ToList();
        var (asked, perCluster) = Plan(pending, limit);

        var deadline = request.Services.Options.FanoutClusterTimeout;
        var aborted = context.RequestAborted;
        using var bound = new SemaphoreSlim(FanOutServices.MaxInFlight);
        var answers = await Task.WhenAll(asked.Select(async member =>
        {
            await bound.WaitAsync(aborted);
            try
            {
                var ownVersion = versions is null ? query.ResourceVersion
                    : versions.GetValueOrDefault(member.Cluster);
                var ownContinue = continues?.GetValueOrDefault(member.Cluster);
                var ownLimit = perCluster?.ToString(CultureInfo.InvariantCulture) ?? query.Limit;
                return await FanOutClusterAnswer.FetchAsync(member,
                    query.For(ownContinue is null ? ownVersion : null, ownContinue, ownLimit), deadline, request.Services.Budget,
                    aborted);
            }
            finally
            {
                bound.Release();
            }
        }));

        // The positions after this page: clusters asked now, done or not; those still waiting keep theirs.
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (continues?.TryGetValue(member.Cluster, out var kept) == true)
            {
                next[member.Cluster] = kept;
            }
        }

        foreach (var answer in answers)
        {
            next[answer.Cluster] = answer.Continue;
        }

        var more = members.Any(m => !next.TryGetValue(m.Cluster, out var c) || c.Length > 0);
        try
        {
            return await FanOutListWriter.WriteAsync(context, answers, more ? ClusterVector.Encode(next) : null, partial);
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    // Which clusters to ask, and the limit each gets (null: the caller's, i.e. no paging by the gateway).
    private static (List<IFanOutMember> Asked, long? PerCluster) Plan(List<IFanOutMember> pending, long? limit)
    {
        if (limit is not { } total || pending.Count == 0)
        {
            return (pending, null);
        }

        return total >= pending.Count
            ? (pending, total / pending.Count)
            : (pending.Take((int)total).ToList(), 1);
    }

    private static string ForbiddenStatusQuote(string value) =>
        Security.ForbiddenStatus.GoQuote(value.Length > 64 ? value[..64] + "..." : value);
}
