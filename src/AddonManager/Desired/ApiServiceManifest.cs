using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// The APIService <c>v1alpha1.cluster.core.oam.dev</c> that aggregates the gateway into the hub apiserver, trusting the
/// serving certificate through <c>caBundle</c>. Apply it only once the Deployment has ready replicas: an unavailable
/// APIService breaks discovery for the whole hub. Once it exists, it is also the second owner of every object the
/// gateway needs to serve (<see cref="OwnerReference"/>), so that deleting the configuration removes it first.
/// </summary>
internal static class ApiServiceManifest
{
    /// <summary>Upstream's <c>groupPriorityMinimum</c>.</summary>
    public const int GroupPriorityMinimum = 5000;

    /// <summary>Upstream's <c>versionPriority</c>.</summary>
    public const int VersionPriority = 10;

    /// <summary>Builds the APIService manifest.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="caBundlePem">PEM of the CA certificate(s) that sign the serving certificate (old and new during a rotation).</param>
    /// <returns>The manifest; <c>caBundle</c> is the base64 of <paramref name="caBundlePem"/>.</returns>
    public static JsonObject Build(V1Alpha1ClusterGatewayConfiguration configuration, byte[] caBundlePem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(caBundlePem);
        if (caBundlePem.Length == 0)
        {
            throw new ArgumentException("The CA bundle must not be empty.", nameof(caBundlePem));
        }

        var apiService = ManifestMetadata.Create(configuration, "apiregistration.k8s.io/v1", "APIService",
            InstallationNames.ApiService, null);
        apiService["spec"] = new JsonObject
        {
            ["group"] = "cluster.core.oam.dev",
            ["version"] = "v1alpha1",
            ["service"] = new JsonObject
            {
                ["namespace"] = configuration.Spec.InstallNamespace,
                ["name"] = InstallationNames.Gateway,
                ["port"] = InstallationNames.SecurePort,
            },
            ["caBundle"] = Convert.ToBase64String(caBundlePem),
            ["groupPriorityMinimum"] = GroupPriorityMinimum,
            ["versionPriority"] = VersionPriority,
        };
        return apiService;
    }

    /// <summary>
    /// The non-controller owner reference to the stored APIService that every serving-path object carries besides its
    /// controller reference to the configuration: <c>{apiVersion: apiregistration.k8s.io/v1, kind: APIService, name,
    /// uid, blockOwnerDeletion: true}</c>. The garbage collector deletes a dependent only when all its owners are gone
    /// (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/), so when the configuration
    /// is deleted the APIService (owned by the configuration alone) goes first, and the Deployment, Service, RBAC and
    /// Secrets the gateway serves with only after it: the aggregator never points at a gateway that stopped serving.
    /// </summary>
    /// <param name="uid">The stored APIService's <c>metadata.uid</c>.</param>
    /// <returns>A new reference object.</returns>
    /// <exception cref="ArgumentException"><paramref name="uid"/> is empty.</exception>
    public static JsonObject OwnerReference(string uid)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        return new JsonObject
        {
            ["apiVersion"] = "apiregistration.k8s.io/v1",
            ["kind"] = "APIService",
            ["name"] = InstallationNames.ApiService,
            ["uid"] = uid,
            ["blockOwnerDeletion"] = true,
        };
    }
}
