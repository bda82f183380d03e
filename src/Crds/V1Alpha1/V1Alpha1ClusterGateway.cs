using System.Text.Json.Serialization;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Crds.V1Alpha1;

/// <summary>
/// <c>cluster.core.oam.dev/v1alpha1 ClusterGateway</c>: a virtual, read-only, cluster-scoped object that describes how
/// to reach one managed cluster. It is built from a Secret (and optionally an OCM ManagedCluster), never stored.
/// JSON names match upstream <c>pkg/apis/cluster/v1alpha1/clustergateway_types.go</c> exactly.
/// Credentials are part of the object: protect <c>clustergateways</c> with RBAC.
/// </summary>
public sealed class V1Alpha1ClusterGateway : IKubernetesObject
{
    /// <inheritdoc/>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; } = ApiGroups.ClusterApiVersion;

    /// <inheritdoc/>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; } = ApiGroups.ClusterGatewayKind;

    /// <inheritdoc/>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>How to reach the cluster.</summary>
    [JsonPropertyName("spec")]
    public ClusterGatewaySpec Spec { get; set; } = new();

    /// <summary>Health as last reported through the <c>health</c> subresource.</summary>
    [JsonPropertyName("status")]
    public ClusterGatewayStatus Status { get; set; } = new();
}

/// <summary><c>spec</c> of a ClusterGateway.</summary>
public sealed class ClusterGatewaySpec
{
    /// <summary>Cluster provider; upstream never fills it (always empty).</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; set; } = "";

    /// <summary>Endpoint and credential.</summary>
    [JsonPropertyName("access")]
    public ClusterAccess Access { get; set; } = new();
}

/// <summary><c>spec.access</c>: where the cluster is and how to authenticate to it.</summary>
public sealed class ClusterAccess
{
    /// <summary>Where the cluster's API server is.</summary>
    [JsonPropertyName("endpoint")]
    public ClusterEndpoint Endpoint { get; set; } = new();

    /// <summary>The credential presented to the cluster; <see langword="null"/> when none.</summary>
    [JsonPropertyName("credential")]
    public ClusterAccessCredential? Credential { get; set; }
}

/// <summary><c>spec.access.endpoint</c>: a union discriminated by <see cref="Type"/>.</summary>
public sealed class ClusterEndpoint
{
    /// <summary><c>Const</c> (a fixed URL) or <c>ClusterProxy</c> (an OCM cluster-proxy tunnel).</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = EndpointTypes.Const;

    /// <summary>The fixed endpoint; set only for <c>Const</c>.</summary>
    [JsonPropertyName("const")]
    public ClusterEndpointConst? Const { get; set; }
}

/// <summary><c>spec.access.endpoint.const</c>.</summary>
public sealed class ClusterEndpointConst
{
    /// <summary>API server URL, e.g. <c>https://10.0.0.1:6443</c>; a path prefix is kept when proxying.</summary>
    [JsonPropertyName("address")]
    public string Address { get; set; } = "";

    /// <summary>PEM CA bundle (base64 in JSON); <see langword="null"/> means: verify against the system roots.</summary>
    [JsonPropertyName("caBundle")]
    public byte[]? CaBundle { get; set; }

    /// <summary>Skip TLS verification of the cluster (explicit opt-in only).</summary>
    [JsonPropertyName("insecure")]
    public bool? Insecure { get; set; }

    /// <summary>HTTP, HTTPS or SOCKS5 proxy used to reach the cluster. Note the hyphenated JSON name (upstream).</summary>
    [JsonPropertyName("proxy-url")]
    public string? ProxyUrl { get; set; }
}

/// <summary><c>spec.access.credential</c>: a union discriminated by <see cref="Type"/>.</summary>
public sealed class ClusterAccessCredential
{
    /// <summary><c>ServiceAccountToken</c>, <c>X509Certificate</c> or <c>Dynamic</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>Bearer token for <c>ServiceAccountToken</c>.</summary>
    [JsonPropertyName("serviceAccountToken")]
    public string? ServiceAccountToken { get; set; }

    /// <summary>Client certificate for <c>X509Certificate</c>.</summary>
    [JsonPropertyName("x509")]
    public X509? X509 { get; set; }
}

/// <summary><c>spec.access.credential.x509</c>: PEM certificate and key (base64 in JSON).</summary>
public sealed class X509
{
    /// <summary>PEM client certificate (chain).</summary>
    [JsonPropertyName("certificate")]
    public byte[] Certificate { get; set; } = [];

    /// <summary>PEM private key.</summary>
    [JsonPropertyName("privateKey")]
    public byte[] PrivateKey { get; set; } = [];
}

/// <summary><c>status</c> of a ClusterGateway.</summary>
public sealed class ClusterGatewayStatus
{
    /// <summary>Whether the cluster was last seen healthy. Upstream default when unknown: <see langword="false"/>.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy { get; set; }

    /// <summary>Why the cluster is (un)healthy, e.g. <c>ConnectionTimeout</c>.</summary>
    [JsonPropertyName("healthyReason")]
    public string? HealthyReason { get; set; }
}

/// <summary>Values of <see cref="ClusterEndpoint.Type"/> (and the endpoint-type Secret label).</summary>
public static class EndpointTypes
{
    /// <summary>A fixed URL.</summary>
    public const string Const = "Const";

    /// <summary>An OCM cluster-proxy (konnectivity) tunnel to <c>&lt;cluster-name&gt;:443</c>.</summary>
    public const string ClusterProxy = "ClusterProxy";
}

/// <summary>Values of <see cref="ClusterAccessCredential.Type"/> (and the credential-type Secret label).</summary>
public static class CredentialTypes
{
    /// <summary>Bearer token.</summary>
    public const string ServiceAccountToken = "ServiceAccountToken";

    /// <summary>Client certificate and key.</summary>
    public const string X509Certificate = "X509Certificate";

    /// <summary>A client-go exec credential plugin.</summary>
    public const string Dynamic = "Dynamic";
}
