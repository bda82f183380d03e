using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// The namespaces the installation needs: <c>installNamespace</c> and <c>secretNamespace</c> (once if equal).
/// Unlike the other manifests they carry no owner reference: deleting the configuration must never garbage-collect a
/// namespace that may hold hand-managed cluster Secrets (or anything else the user put there).
/// </summary>
internal static class NamespaceManifests
{
    /// <summary>One Namespace manifest per distinct namespace of the spec, install namespace first.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The Namespace manifests.</returns>
    public static IReadOnlyList<JsonObject> Build(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new[] { configuration.Spec.InstallNamespace, configuration.Spec.SecretNamespace }
            .Distinct(StringComparer.Ordinal)
            .Select(ns =>
            {
                var manifest = ManifestMetadata.Create(configuration, "v1", "Namespace", ns, null);
                manifest["metadata"]!.AsObject().Remove("ownerReferences");
                return manifest;
            })
            .ToList();
    }
}
