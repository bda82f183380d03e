using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>
/// <c>spec</c> of a ClusterGatewayConfiguration: <c>{"image":"…","installNamespace":"…","secretNamespace":"…",
/// "secretManagement":{…},"egress":{…}}</c>.
/// </summary>
public sealed class ClusterGatewayConfigurationSpec
{
    /// <summary>The container image of the gateway, e.g. <c>oamdev/cluster-gateway:v1.1.6.ocm</c>.</summary>
    [JsonPropertyName("image")]
    [Required]
    public string Image { get; set; } = "";

    /// <summary>The namespace the gateway is installed into.</summary>
    [JsonPropertyName("installNamespace")]
    [Required]
    public string InstallNamespace { get; set; } = "";

    /// <summary>The namespace holding the cluster Secrets the gateway reads (its <c>--secret-namespace</c>).</summary>
    [JsonPropertyName("secretNamespace")]
    [Required]
    public string SecretNamespace { get; set; } = "";

    /// <summary>
    /// How the cluster Secrets are managed; when absent, <c>ManagedServiceAccount</c> with the ManagedServiceAccount
    /// <c>cluster-gateway</c>. Upstream's schema requires it, yet upstream's own sample omits it; optional here so the sample applies.
    /// </summary>
    [JsonPropertyName("secretManagement")]
    public ClusterGatewaySecretManagement? SecretManagement { get; set; }

    /// <summary>How the gateway reaches the managed clusters.</summary>
    [JsonPropertyName("egress")]
    [Required]
    public ClusterGatewayEgress Egress { get; set; } = new();
}
