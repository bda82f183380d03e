using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// core/v1 ConfigMap, as far as <c>kube-system/extension-apiserver-authentication</c> needs it: <see cref="Data"/>
/// (https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/config-map-v1/).
/// </summary>
internal sealed class AuthenticationConfigMap : IKubernetesObject
{
    /// <summary>Namespace of the ConfigMap kube-apiserver writes (k8s.io/apiserver authentication.go).</summary>
    public const string ConfigMapNamespace = "kube-system";

    /// <summary>Name of the ConfigMap kube-apiserver writes.</summary>
    public const string ConfigMapName = "extension-apiserver-authentication";

    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = "v1";

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = "ConfigMap";

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Key to value: <c>client-ca-file</c> (PEM), <c>requestheader-client-ca-file</c> (PEM),
    /// <c>requestheader-allowed-names</c> and the <c>requestheader-*-headers</c>/<c>-prefix</c> keys (JSON string
    /// arrays such as <c>["X-Remote-User"]</c>).</summary>
    [JsonPropertyName("data")]
    public Dictionary<string, string>? Data { get; set; }

    /// <summary>Fields not modelled above, kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
