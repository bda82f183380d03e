using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.secretManagement</c>: <c>{"type":"Manual|ManagedServiceAccount","managedServiceAccount":{"name":"…"}}</c>.</summary>
public sealed class ClusterGatewaySecretManagement
{
    /// <summary><c>Manual</c>: the Secrets are provided by the user; <c>ManagedServiceAccount</c> (default): the addon-manager writes them from ManagedServiceAccount tokens.</summary>
    [JsonPropertyName("type")]
    [DefaultValue(SecretManagementTypes.ManagedServiceAccount)]
    [AllowedValues(SecretManagementTypes.Manual, SecretManagementTypes.ManagedServiceAccount)]
    public string? Type { get; set; }

    /// <summary>The ManagedServiceAccount used when the type is <c>ManagedServiceAccount</c>.</summary>
    [JsonPropertyName("managedServiceAccount")]
    public ClusterGatewayManagedServiceAccount? ManagedServiceAccount { get; set; }

    /// <summary>The effective type (the upstream default when unset).</summary>
    [JsonIgnore]
    public string EffectiveType => Type ?? SecretManagementTypes.ManagedServiceAccount;
}
