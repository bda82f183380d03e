using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary><c>spec.secretManagement.managedServiceAccount</c>: <c>{"name":"cluster-gateway"}</c>.</summary>
public sealed class ClusterGatewayManagedServiceAccount
{
    /// <summary>The name of the ManagedServiceAccount created in every cluster namespace.</summary>
    [JsonPropertyName("name")]
    [DefaultValue("cluster-gateway")]
    public string? Name { get; set; }
}
