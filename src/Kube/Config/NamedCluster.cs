using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>An entry of a kubeconfig's <c>clusters</c> list: <c>{name, cluster}</c>.</summary>
public sealed class NamedCluster
{
    /// <summary>Name referenced by contexts.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>The cluster's endpoint and TLS settings.</summary>
    [YamlMember(Alias = "cluster")]
    public ClusterEntry? Cluster { get; set; }
}
