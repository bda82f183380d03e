using ClusterGateway.Crds;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Impersonation on the managed cluster (upstream <c>proxyHandler.ServeHTTP</c>: <c>?impersonate=true</c> or the
/// <c>ClientIdentityPenetration</c> gate; inventory §3.1.2, §3.2): adds the <c>Impersonate-*</c> headers of the
/// identity <see cref="IdentityExchanger"/> picks to <see cref="ProxyRequestContext.UpstreamHeaders"/>. The caller's
/// own <c>Impersonate-*</c> headers never reach the cluster (<see cref="ProxyHeaders"/>).
/// </summary>
/// <remarks>
/// 1. The <c>impersonate</c> query parameter is read and removed from the upstream query (<see cref="ImpersonateQuery"/>).
/// 2. Without it (and without the gate) nothing else happens: the request runs as the cluster's credential.
/// 3. The cluster's annotation must be valid, else <c>503 ServiceUnavailable</c> naming the cluster, the annotation
///    and the rule.
/// 4. Exchange; a failed External exchange is <c>503 ServiceUnavailable</c> naming the cluster and the rule (fail
///    closed: the request is never forwarded with another identity). 503 rather than 403: the caller is not refused,
///    a dependency failed, and retrying may succeed.
/// 5. The headers of the chosen identity, if any, are added.
/// </remarks>
/// <param name="options">Gateway options (gate, <c>--proxy-impersonate-extras</c>).</param>
/// <param name="global">Global rules.</param>
/// <param name="clusters">Per-cluster rules.</param>
/// <param name="exchanger">The exchanger.</param>
internal sealed class ImpersonationFilter(GatewayOptions options, GlobalProxyConfiguration global,
    ClusterProxyConfigurations clusters, IdentityExchanger exchanger) : IProxyFilter
{
    /// <inheritdoc/>
    public async ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        // :: Step 1
        var query = context.Path.Query;
        var requested = ImpersonateQuery.IsRequested(query);
        var forwarded = ImpersonateQuery.Without(query);
        if (!ReferenceEquals(forwarded, query))
        {
            context.Path = context.Path with { Query = forwarded };
        }

        // :: Step 2
        if (!requested && !options.Features.ClientIdentityPenetration)
        {
            return null;
        }

        var cluster = context.Path.Cluster;
        if (context.User is not { } user)
        {
            return Status.Failure(401, "Unauthorized", "Unauthorized");
        }

        // :: Step 3
        var rules = clusters.Get(context.Gateway);
        if (rules.Configuration is null)
        {
            return ApiStatuses.Unavailable(cluster, rules.Error);
        }

        // :: Step 4
        IdentityExchangeResult result;
        try
        {
            result = await exchanger.ExchangeAsync(user, cluster, rules.Configuration, global.Configuration,
                options.ProxyImpersonateExtras, context.HttpContext.RequestAborted);
        }
        catch (IdentityExchangeException e)
        {
            return Status.Failure(503, "ServiceUnavailable",
                $"identity exchange for {ApiGroups.ClusterGateways}.{ApiGroups.ClusterGroup} \"{cluster}\" failed: {e.Message}",
                new StatusDetails { Name = cluster, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways });
        }

        // :: Step 5
        if (result.Identity is { } identity)
        {
            context.UpstreamHeaders.AddRange(ImpersonationHeaders.For(identity));
        }

        return null;
    }
}
