using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>An entry of a kubeconfig's <c>contexts</c> list: <c>{name, context}</c>.</summary>
public sealed class NamedContext
{
    /// <summary>Context name, as in <c>current-context</c> and <c>kubectl --context</c>.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>The cluster, user and namespace.</summary>
    [YamlMember(Alias = "context")]
    public ContextEntry? Context { get; set; }
}
