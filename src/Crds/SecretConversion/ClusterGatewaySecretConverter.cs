using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>
/// Secret → ClusterGateway: the compatibility contract with oam-dev/cluster-gateway
/// (<c>pkg/apis/cluster/v1alpha1/clustergateway_types_secret.go</c>).
/// <list type="bullet">
/// <item>Label <c>cluster.core.oam.dev/cluster-credential-type</c>: absent → not a cluster; <c>X509Certificate</c>
/// (data <c>tls.crt</c>+<c>tls.key</c>, must load together), <c>ServiceAccountToken</c> (data <c>token</c>, trimmed),
/// <c>Dynamic</c> (data <c>exec</c>, a client-go ExecConfig JSON object, kept in memory, not run).</item>
/// <item>Label <c>cluster.core.oam.dev/cluster-endpoint-type</c>: <c>Const</c> (default; data <c>endpoint</c>, an
/// absolute https/http URL, trimmed) or <c>ClusterProxy</c>; anything else is an error.</item>
/// <item>Const only: <c>ca.crt</c> else <c>ca</c> → <c>caBundle</c> (at least one parseable PEM certificate; none →
/// system roots, never an implicit <c>insecure</c>), <c>insecure-skip-tls-verify</c> (<c>"true"</c> →
/// <c>insecure: true</c>), <c>proxy-url</c> (http/https/socks5), <c>tls-server-name</c>.</item>
/// <item>Health annotations when <see cref="SecretConversionOptions.ReadHealth"/>; metadata: name, uid,
/// creationTimestamp, resourceVersion of the Secret; <c>stringData</c> merged over <c>data</c>.</item>
/// </list>
/// </summary>
public static class ClusterGatewaySecretConverter
{
    /// <summary>
    /// Converts one Secret. Never throws for bad content: every problem becomes part of
    /// <see cref="SecretConversionResult.Error"/>, e.g. <c>Secret ns/foo: data key "endpoint" is missing or empty
    /// (required for endpoint type Const)</c>.
    /// </summary>
    /// <param name="secret">The Secret (any namespace; the caller picks <c>--secret-namespace</c>).</param>
    /// <param name="options">Conversion options; <see cref="SecretConversionOptions.Default"/> when null.</param>
    /// <returns>Not a cluster, a valid ClusterGateway, or an invalid cluster with its error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is null.</exception>
    public static SecretConversionResult Convert(Secret secret, SecretConversionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        options ??= SecretConversionOptions.Default;
        var metadata = secret.Metadata ?? new ObjectMeta();
        var name = metadata.Name ?? "";
        string? credentialType = null;
        if (metadata.Labels?.TryGetValue(SecretKeys.CredentialTypeLabel, out credentialType) != true || credentialType is null)
        {
            return new SecretConversionResult(name, null, null, IsCluster: false);
        }

        var errors = new ConversionErrors();
        if (name.Length == 0)
        {
            errors.Add("metadata.name is empty");
        }

        var data = new SecretData(secret);
        string? endpointType = null;
        metadata.Labels?.TryGetValue(SecretKeys.EndpointTypeLabel, out endpointType);
        var endpoint = EndpointReader.Read(endpointType, data, errors, options.EndpointSupplied);
        var credential = CredentialReader.Read(credentialType, data, errors);
        if (errors.Any || endpoint is null)
        {
            return new SecretConversionResult(name, null, errors.Format(Source(metadata)), IsCluster: true);
        }

        var gateway = new V1Alpha1ClusterGateway
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Uid = metadata.Uid,
                CreationTimestamp = metadata.CreationTimestamp,
                ResourceVersion = metadata.ResourceVersion,
            },
            Spec = new ClusterGatewaySpec { Access = new ClusterAccess { Endpoint = endpoint, Credential = credential } },
            Status = HealthReader.Read(metadata.Annotations, options.ReadHealth),
        };
        return new SecretConversionResult(name, gateway, null, IsCluster: true);
    }

    /// <summary><c>Secret {namespace}/{name}</c>, the prefix of every error message.</summary>
    private static string Source(ObjectMeta metadata) =>
        string.IsNullOrEmpty(metadata.Namespace) ? $"Secret {metadata.Name}" : $"Secret {metadata.Namespace}/{metadata.Name}";
}
