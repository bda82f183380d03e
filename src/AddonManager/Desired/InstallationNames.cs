namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// Names, labels, ports and paths of the installed gateway. They follow the upstream installer
/// (<c>pkg/addon/controllers/installer.go</c>) so that an upstream installation is adopted in place rather than duplicated.
/// </summary>
internal static class InstallationNames
{
    /// <summary>Name of the ServiceAccount, Service and secret-namespace Role/RoleBinding.</summary>
    public const string Gateway = "cluster-gateway";

    /// <summary>Name of the gateway Deployment (upstream <c>gateway-deployment</c>).</summary>
    public const string Deployment = "gateway-deployment";

    /// <summary>Name of the gateway container.</summary>
    public const string Container = "apiserver";

    /// <summary>The Secret (<c>kubernetes.io/tls</c>) holding the serving certificate, in the install namespace.</summary>
    public const string ServingCertSecret = "cluster-gateway-tls-cert";

    /// <summary>The HTTPS port of the gateway container and of its Service.</summary>
    public const int SecurePort = 9443;

    /// <summary>The pod label (and Service/Deployment selector) identifying gateway pods.</summary>
    public const string AddonNameLabel = "proxy.open-cluster-management.io/addon-name";

    /// <summary>Pod-template annotation holding the spec hash; a new value rolls the Deployment.</summary>
    public const string SpecHashAnnotation = "proxy.open-cluster-management.io/spec-hash";

    /// <summary>The kube-system Role that lets an aggregated apiserver read the front-proxy/client CA ConfigMap.</summary>
    public const string AuthReaderRole = "extension-apiserver-authentication-reader";

    /// <summary>The RoleBinding in kube-system granting <see cref="AuthReaderRole"/> (upstream name).</summary>
    public const string AuthReaderRoleBinding = AuthReaderRole + ":" + Gateway;

    /// <summary>The ClusterRole granting TokenReview/SubjectAccessReview creation (delegated authn/authz).</summary>
    public const string AuthDelegatorClusterRole = "system:auth-delegator";

    /// <summary>The ClusterRoleBinding to <see cref="AuthDelegatorClusterRole"/>.</summary>
    public const string AuthDelegatorClusterRoleBinding = Gateway + ":" + AuthDelegatorClusterRole;

    /// <summary>The ClusterRole and ClusterRoleBinding for ManagedCluster reads (upstream name).</summary>
    public const string AggregationClusterRole = "apiserver-aggregation:" + Gateway;

    /// <summary>The APIService name registering the gateway's API.</summary>
    public const string ApiService = "v1alpha1.cluster.core.oam.dev";

    /// <summary>The namespace of the authentication reader Role.</summary>
    public const string KubeSystem = "kube-system";

    /// <summary>Mount directory of the serving certificate Secret.</summary>
    public const string ServingCertDirectory = "/etc/server/";

    /// <summary>Mount directory of the proxy CA Secret (ClusterProxy egress).</summary>
    public const string ProxyCaDirectory = "/etc/ca/";

    /// <summary>Mount directory of the proxy client certificate Secret (ClusterProxy egress).</summary>
    public const string ProxyClientDirectory = "/etc/tls/";
}
