using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace ClusterGateway.Kube.Config;

/// <summary>
/// <c>user.exec</c>: an exec credential plugin (<c>clientcmdapi.ExecConfig</c>,
/// https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins).
/// Only parsed here: a command whose name contains a path separator is made absolute against the kubeconfig's
/// directory, as client-go does; a bare name is looked up on <c>PATH</c> by whoever runs it. Serialized with
/// System.Text.Json it has client-go's ExecConfig JSON shape (the form a cluster Secret's <c>exec</c> key holds).
/// </summary>
public sealed class ExecConfig
{
    /// <summary><c>apiVersion</c> of the ExecCredential exchanged, e.g. <c>client.authentication.k8s.io/v1</c>.</summary>
    [YamlMember(Alias = "apiVersion")]
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary><c>command</c> to run.</summary>
    [YamlMember(Alias = "command")]
    [JsonPropertyName("command")]
    public string? Command { get; set; }

    /// <summary><c>args</c> passed to the command.</summary>
    [YamlMember(Alias = "args")]
    [JsonPropertyName("args")]
    public List<string>? Args { get; set; }

    /// <summary><c>env</c>: extra environment variables for the command.</summary>
    [YamlMember(Alias = "env")]
    [JsonPropertyName("env")]
    public List<ExecEnvVar>? Env { get; set; }

    /// <summary><c>provideClusterInfo</c>: pass the cluster in <c>KUBERNETES_EXEC_INFO</c>.</summary>
    [YamlMember(Alias = "provideClusterInfo")]
    [JsonPropertyName("provideClusterInfo")]
    public bool ProvideClusterInfo { get; set; }

    /// <summary><c>interactiveMode</c>: <c>Never</c>, <c>IfAvailable</c> or <c>Always</c>.</summary>
    [YamlMember(Alias = "interactiveMode")]
    [JsonPropertyName("interactiveMode")]
    public string? InteractiveMode { get; set; }

    /// <summary><c>installHint</c>: text shown when the command is missing.</summary>
    [YamlMember(Alias = "installHint")]
    [JsonPropertyName("installHint")]
    public string? InstallHint { get; set; }
}
