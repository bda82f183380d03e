using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Controllers;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// The common head of every desired manifest: <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> with the controller
/// owner reference to the configuration, so deleting the configuration garbage-collects the installation and a change to
/// an owned object can be traced back to (and re-enqueue) its configuration.
/// </summary>
internal static class ManifestMetadata
{
    /// <summary>A new manifest <c>{apiVersion, kind, metadata:{name, namespace?, labels, ownerReferences}}</c>.</summary>
    /// <param name="configuration">The owner, as read from the server (needs <c>metadata.uid</c>).</param>
    /// <param name="apiVersion">The child's apiVersion, e.g. <c>v1</c>.</param>
    /// <param name="kind">The child's kind.</param>
    /// <param name="name">The child's name.</param>
    /// <param name="namespace">The child's namespace, <see langword="null"/> when cluster-scoped.</param>
    /// <returns>The manifest, to be completed by the caller.</returns>
    public static JsonObject Create(
        V1Alpha1ClusterGatewayConfiguration configuration, string apiVersion, string kind, string name, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null)
        {
            metadata["namespace"] = @namespace;
        }

        metadata["labels"] = new JsonObject { [InstallationNames.AddonNameLabel] = InstallationNames.Gateway };
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.Create(configuration));
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    /// <summary>
    /// Adds a further (non-controller) owner reference to a manifest made by <see cref="Create"/>, e.g. the APIService
    /// (<see cref="ApiServiceManifest.OwnerReference"/>); nothing when <paramref name="reference"/> is null.
    /// </summary>
    /// <param name="manifest">The manifest; edited in place.</param>
    /// <param name="reference">The reference (copied), or null.</param>
    /// <returns><paramref name="manifest"/>.</returns>
    public static JsonObject AddOwner(JsonObject manifest, JsonObject? reference)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (reference is not null)
        {
            var metadata = manifest["metadata"]!.AsObject();
            if (metadata["ownerReferences"] is not JsonArray references)
            {
                references = [];
                metadata["ownerReferences"] = references;
            }

            references.Add(reference.DeepClone());
        }

        return manifest;
    }

    /// <summary>A JSON array of strings.</summary>
    /// <param name="values">The strings.</param>
    /// <returns>The array.</returns>
    public static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
