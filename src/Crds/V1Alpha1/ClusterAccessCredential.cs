using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterGateway.Crds.V1Alpha1;

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

    /// <summary>
    /// In memory only (never serialized, like upstream's <c>json:"-"</c> fields): the client-go <c>ExecConfig</c> JSON
    /// object (<c>{"apiVersion":"client.authentication.k8s.io/v1","command":"...","args":[...],"env":[...]}</c>) of a
    /// <c>Dynamic</c> credential, read from the Secret's <c>exec</c> key. The gateway runs it to obtain a token or
    /// client certificate (upstream <c>pkg/util/exec/exec.go</c>).
    /// </summary>
    [JsonIgnore]
    public JsonElement? ExecConfig { get; set; }
}
