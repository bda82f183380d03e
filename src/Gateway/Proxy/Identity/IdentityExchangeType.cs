namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// What a ClientIdentityExchanger rule does when it matches (upstream <c>ClientIdentityExchangeType</c>,
/// <c>pkg/apis/cluster/v1alpha1/clustergateway_proxy_configuration.go</c>).
/// </summary>
internal enum IdentityExchangeType
{
    /// <summary><c>PrivilegedIdentityExchanger</c>: no impersonation; the request runs as the cluster's credential.</summary>
    Privileged,

    /// <summary><c>StaticMappingIdentityExchanger</c>: impersonate the rule's fixed <c>target</c>.</summary>
    StaticMapping,

    /// <summary><c>ExternalIdentityExchanger</c>: impersonate what the rule's <c>url</c> answers (upstream: not implemented).</summary>
    External,
}
