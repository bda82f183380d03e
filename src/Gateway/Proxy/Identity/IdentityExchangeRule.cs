namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// One validated ClientIdentityExchanger rule (upstream <c>ClientIdentityExchangeRule</c>): a
/// <see cref="Source"/> to match, and what to impersonate when it does. Built by
/// <see cref="ProxyConfigurationParser"/>, which guarantees <see cref="Target"/> exactly for
/// <see cref="IdentityExchangeType.StaticMapping"/> and <see cref="External"/> exactly for
/// <see cref="IdentityExchangeType.External"/>.
/// </summary>
/// <param name="Name">Rule name (unique within its document), used in logs and error messages.</param>
/// <param name="Type">What the rule does.</param>
/// <param name="Source">Which callers it applies to.</param>
/// <param name="Target">The fixed identity of a StaticMapping rule.</param>
/// <param name="External">The service of an External rule.</param>
internal sealed record IdentityExchangeRule(
    string Name, IdentityExchangeType Type, IdentitySource Source, ImpersonatedIdentity? Target = null,
    ExternalExchangeSettings? External = null)
{
    /// <summary>Upstream's name of <see cref="Type"/>, e.g. <c>StaticMappingIdentityExchanger</c>.</summary>
    public string TypeName => Type switch
    {
        IdentityExchangeType.Privileged => ProxyConfigurationParser.PrivilegedType,
        IdentityExchangeType.StaticMapping => ProxyConfigurationParser.StaticMappingType,
        _ => ProxyConfigurationParser.ExternalType,
    };
}
