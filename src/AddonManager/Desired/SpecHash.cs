using System.Security.Cryptography;
using System.Text.Json;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// A stable hash of a configuration's spec, put on the Deployment's pod template so that any spec change (image, egress,
/// namespaces) rolls the pods, while re-applying an unchanged spec leaves the template, and so the pods, untouched.
/// </summary>
internal static class SpecHash
{
    /// <summary>The lowercase hex SHA-256 (first 16 bytes) of the spec's JSON.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>32 hex characters.</returns>
    public static string Compute(ClusterGatewayConfigurationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var json = JsonSerializer.SerializeToUtf8Bytes(spec, KubeJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(json), 0, 16);
    }
}
