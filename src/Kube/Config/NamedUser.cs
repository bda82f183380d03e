using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>An entry of a kubeconfig's <c>users</c> list: <c>{name, user}</c> (client-go <c>NamedAuthInfo</c>).</summary>
public sealed class NamedUser
{
    /// <summary>Name referenced by contexts.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>The credentials.</summary>
    [YamlMember(Alias = "user")]
    public UserEntry? User { get; set; }
}
