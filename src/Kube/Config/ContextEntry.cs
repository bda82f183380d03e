using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>The <c>context</c> of a kubeconfig <c>contexts</c> entry (<c>clientcmdapi.Context</c>).</summary>
public sealed class ContextEntry
{
    /// <summary><c>cluster</c>: name of an entry in <c>clusters</c>.</summary>
    [YamlMember(Alias = "cluster")]
    public string? Cluster { get; set; }

    /// <summary><c>user</c>: name of an entry in <c>users</c>; may be empty (anonymous).</summary>
    [YamlMember(Alias = "user")]
    public string? User { get; set; }

    /// <summary><c>namespace</c>: default namespace; empty means <c>default</c>.</summary>
    [YamlMember(Alias = "namespace")]
    public string? Namespace { get; set; }
}
