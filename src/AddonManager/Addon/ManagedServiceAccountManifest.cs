using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// The ManagedServiceAccount (<c>authentication.open-cluster-management.io/v1beta1</c>) asking the managed-serviceaccount
/// agent for a token on cluster <c>c</c>: <c>&lt;c&gt;/&lt;name&gt;</c>, labelled managed-by, controlled by the cluster's
/// ManagedClusterAddOn (so disabling the addon garbage-collects it even without us), with
/// <c>spec.rotation {enabled: true, validity: "4320h0m0s"}</c> (upstream <c>installer.go</c>: 180 days, rotated).
/// </summary>
internal static class ManagedServiceAccountManifest
{
    /// <summary>Builds the apply configuration.</summary>
    /// <param name="cluster">The cluster name (= namespace).</param>
    /// <param name="name">The ManagedServiceAccount name (<c>secretManagement.managedServiceAccount.name</c>).</param>
    /// <param name="addon">The cluster's ManagedClusterAddOn, as read from the server (owner).</param>
    /// <returns>A new object.</returns>
    public static ManagedServiceAccount Build(string cluster, string name, ManagedClusterAddOn addon)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var msa = new ManagedServiceAccount
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = cluster,
                Labels = new(StringComparer.Ordinal) { [AddonNames.ManagedByLabel] = AddonNames.FieldManager },
            },
            Spec = new ManagedServiceAccountSpec
            {
                Rotation = new ManagedServiceAccountRotation { Enabled = true, Validity = AddonDefaults.TokenValidity },
            },
        };
        OwnerReferences.Set(msa, addon, controller: true);
        return msa;
    }
}
