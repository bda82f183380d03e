namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// A validated <c>ClusterGatewayProxyConfiguration</c> (<c>cluster.core.oam.dev/v1alpha1</c>): the
/// ClientIdentityExchanger rules of the global file (<c>--cluster-gateway-proxy-config</c>) or of one cluster
/// (Secret annotation <c>cluster.core.oam.dev/cluster-gateway-proxy-configuration</c>), in order; the first
/// matching rule wins.
/// </summary>
/// <param name="Rules">The rules, in document order.</param>
internal sealed record ProxyConfiguration(IReadOnlyList<IdentityExchangeRule> Rules)
{
    /// <summary>No rules.</summary>
    public static ProxyConfiguration Empty { get; } = new([]);
}
