using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds;

/// <summary>Names of the API groups, resources, labels and annotations of the compatibility contract with oam-dev/cluster-gateway.</summary>
public static class ApiGroups
{
    /// <summary>The ClusterGateway API group.</summary>
    public const string ClusterGroup = "cluster.core.oam.dev";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>cluster.core.oam.dev/v1alpha1</c>.</summary>
    public const string ClusterApiVersion = ClusterGroup + "/" + Version;

    /// <summary>Plural resource name.</summary>
    public const string ClusterGateways = "clustergateways";

    /// <summary>Singular resource name.</summary>
    public const string ClusterGatewaySingular = "clustergateway";

    /// <summary>Kind of the virtual resource.</summary>
    public const string ClusterGatewayKind = "ClusterGateway";

    /// <summary>APIService name under which the gateway registers with a hub (<c>v1alpha1.cluster.core.oam.dev</c>).</summary>
    public const string ApiServiceName = Version + "." + ClusterGroup;

    /// <summary>The cluster-scoped ClusterGateway kind.</summary>
    public static readonly ResourceKind ClusterGatewayKindInfo =
        new(ClusterGroup, Version, ClusterGateways, ClusterGatewayKind, Namespaced: false);

    /// <summary>Default namespace of the cluster Secrets (<c>--secret-namespace</c>).</summary>
    public const string DefaultSecretNamespace = "open-cluster-management-credentials";
}
