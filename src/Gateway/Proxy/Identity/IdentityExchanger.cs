using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Security;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// The ClientIdentityExchanger (upstream <c>getImpersonationConfig</c> and <c>ExchangeIdentity</c>,
/// inventory §3.2): decides which identity a proxied request impersonates on the managed cluster.
/// </summary>
/// <remarks>
/// 1. The cluster's rules (Secret annotation), then the global rules (<c>--cluster-gateway-proxy-config</c>), each
///    in order: the first rule whose source matches wins. Unlike upstream, cluster rules apply whenever the request
///    impersonates, not only with the <c>ClientIdentityPenetration</c> gate.
/// 2. Privileged: no impersonation. StaticMapping: the rule's target. External: what its service answers
///    (<see cref="ExternalIdentityClient"/>); a failure denies the request.
/// 3. No match: the caller's user, UID (upstream dropped it), groups and, unless
///    <c>--proxy-impersonate-extras=false</c>, extras.
/// </remarks>
/// <param name="external">Client of External rules' services.</param>
/// <param name="logger">Logs which rule matched (debug).</param>
internal sealed partial class IdentityExchanger(ExternalIdentityClient external, ILogger<IdentityExchanger> logger)
{
    /// <summary>Origin of cluster rules.</summary>
    public const string ClusterOrigin = "cluster";

    /// <summary>Origin of global rules.</summary>
    public const string GlobalOrigin = "global";

    /// <summary>Origin of the fallback to the caller.</summary>
    public const string DefaultOrigin = "default";

    /// <summary>Exchanges the caller's identity for <paramref name="cluster"/>.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="cluster">The cluster name.</param>
    /// <param name="clusterRules">The cluster's rules (may be empty).</param>
    /// <param name="globalRules">The global rules (may be empty).</param>
    /// <param name="includeCallerExtras">Whether the fallback identity keeps the caller's extras.</param>
    /// <param name="cancellationToken">Stops waiting for an External service.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="IdentityExchangeException">An External rule matched and its service failed; the message
    /// names the rule and where it came from.</exception>
    public async ValueTask<IdentityExchangeResult> ExchangeAsync(KubeUser user, string cluster,
        ProxyConfiguration clusterRules, ProxyConfiguration globalRules, bool includeCallerExtras,
        CancellationToken cancellationToken)
    {
        // :: Step 1
        foreach (var (rules, origin) in new[] { (clusterRules, ClusterOrigin), (globalRules, GlobalOrigin) })
        {
            if (rules.Rules.FirstOrDefault(r => r.Source.Matches(user, cluster)) is not { } rule)
            {
                continue;
            }

            // :: Step 2
            var identity = rule.Type switch
            {
                IdentityExchangeType.Privileged => null,
                IdentityExchangeType.StaticMapping => rule.Target,
                _ => await ExternalAsync(rule, origin, user, cluster, cancellationToken),
            };
            Log.Exchanged(logger, LogText.Escape(user.Name), cluster, rule.Name, origin,
                LogText.Escape(identity?.User ?? "(cluster credential)"));
            return new IdentityExchangeResult(identity, rule.Name, origin);
        }

        // :: Step 3
        var extra = includeCallerExtras ? user.Extra : ImpersonatedIdentity.NoExtra;
        return new IdentityExchangeResult(new ImpersonatedIdentity(user.Name, user.Uid, user.Groups, extra), null,
            DefaultOrigin);
    }

    private async Task<ImpersonatedIdentity> ExternalAsync(IdentityExchangeRule rule, string origin, KubeUser user,
        string cluster, CancellationToken cancellationToken)
    {
        try
        {
            return await external.ExchangeAsync(rule, user, cluster, cancellationToken);
        }
        catch (IdentityExchangeException e)
        {
            throw new IdentityExchangeException(
                $"rule {ForbiddenStatus.GoQuote(rule.Name)} ({rule.TypeName}, {origin} rules): {e.Message}", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 350, Level = LogLevel.Debug,
            Message = "Identity of {User} exchanged for cluster {Cluster} with rule {Rule} ({Origin} rules): {Identity}")]
        public static partial void Exchanged(ILogger logger, string user, string cluster, string rule, string origin,
            string identity);
    }
}
