using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// A kubeconfig file (<c>clientcmdapi.Config</c>): named clusters, users and contexts plus <c>current-context</c>
/// (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/).
/// Read with <see cref="KubeConfigLoader"/>, which makes relative file paths absolute against the file's directory;
/// fields this project does not use (preferences, extensions, auth-provider) are ignored.
/// </summary>
public sealed class KubeConfig
{
    /// <summary><c>apiVersion</c>, normally <c>v1</c>.</summary>
    [YamlMember(Alias = "apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary><c>kind</c>, normally <c>Config</c>.</summary>
    [YamlMember(Alias = "kind")]
    public string? Kind { get; set; }

    /// <summary><c>current-context</c>: the context used when none is named; may be empty.</summary>
    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; set; }

    /// <summary><c>clusters</c>: API server endpoints and their TLS settings, by name.</summary>
    [YamlMember(Alias = "clusters")]
    public List<NamedCluster>? Clusters { get; set; }

    /// <summary><c>users</c>: client credentials, by name (client-go calls them AuthInfos).</summary>
    [YamlMember(Alias = "users")]
    public List<NamedUser>? Users { get; set; }

    /// <summary><c>contexts</c>: (cluster, user, namespace) triples, by name.</summary>
    [YamlMember(Alias = "contexts")]
    public List<NamedContext>? Contexts { get; set; }
}
