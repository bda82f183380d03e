namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>A cluster's own ClientIdentityExchanger rules: valid, or the reason they are not.</summary>
/// <param name="Configuration">The rules (empty without the annotation); <see langword="null"/> when invalid.</param>
/// <param name="Error">Why the annotation is invalid, naming the annotation and the rule.</param>
internal sealed record ClusterProxyRules(ProxyConfiguration? Configuration, string? Error)
{
    /// <summary>No annotation.</summary>
    public static ClusterProxyRules None { get; } = new(ProxyConfiguration.Empty, null);
}
