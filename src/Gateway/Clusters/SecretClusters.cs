using ClusterGateway.Crds;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Turns Secrets into registry entries (hub informer and local manifests share this). Unlike upstream, which copies
/// no labels, the ClusterGateway carries all the Secret's labels (credential-type and endpoint-type included), so
/// <c>labelSelector</c> on list and watch selects clusters by the labels their Secrets carry. The per-cluster
/// ClientIdentityExchanger annotation travels in memory on <c>spec.ProxyConfiguration</c> (never serialized).
/// </summary>
internal static class SecretClusters
{
    /// <summary>Converts one Secret; <see langword="null"/> when it is not a cluster (no credential-type label).</summary>
    /// <param name="secret">The Secret.</param>
    /// <param name="options">Conversion options (feature gates).</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The entry, valid or carrying the conversion error.</returns>
    public static ClusterEntry? ToEntry(Secret secret, SecretConversionOptions options, string source)
    {
        var result = ClusterGatewaySecretConverter.Convert(secret, options);
        if (result.Gateway is { } gateway && secret.Metadata?.Labels is { Count: > 0 } labels)
        {
            gateway.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        }

        if (result.Gateway is { } withRules &&
            secret.Metadata?.Annotations?.GetValueOrDefault(SecretKeys.ProxyConfigurationAnnotation) is { } rules)
        {
            withRules.Spec.ProxyConfiguration = rules;
        }

        return result.IsCluster ? new ClusterEntry(result.Name, result.Gateway, result.Error, source) : null;
    }
}
