using System.Text.Json.Nodes;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Installation;

/// <summary>
/// Where the installed objects live on the hub (the kinds <c>src/Kube</c> does not name itself), and the mapping from a
/// desired manifest (<c>apiVersion</c> + <c>kind</c>) to its resource, for server-side apply.
/// </summary>
internal static class InstallationResources
{
    private const string Rbac = "rbac.authorization.k8s.io";

    /// <summary>core/v1 ServiceAccount.</summary>
    public static readonly ResourceKind ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", true);

    /// <summary>core/v1 Service.</summary>
    public static readonly ResourceKind Services = new("", "v1", "services", "Service", true);

    /// <summary>apps/v1 Deployment.</summary>
    public static readonly ResourceKind Deployments = new("apps", "v1", "deployments", "Deployment", true);

    /// <summary>rbac.authorization.k8s.io/v1 Role.</summary>
    public static readonly ResourceKind Roles = new(Rbac, "v1", "roles", "Role", true);

    /// <summary>rbac.authorization.k8s.io/v1 RoleBinding.</summary>
    public static readonly ResourceKind RoleBindings = new(Rbac, "v1", "rolebindings", "RoleBinding", true);

    /// <summary>rbac.authorization.k8s.io/v1 ClusterRole.</summary>
    public static readonly ResourceKind ClusterRoles = new(Rbac, "v1", "clusterroles", "ClusterRole", false);

    /// <summary>rbac.authorization.k8s.io/v1 ClusterRoleBinding.</summary>
    public static readonly ResourceKind ClusterRoleBindings = new(Rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", false);

    /// <summary>apiregistration.k8s.io/v1 APIService.</summary>
    public static readonly ResourceKind ApiServices = new("apiregistration.k8s.io", "v1", "apiservices", "APIService", false);

    private static readonly ResourceKind[] Known =
    [
        ResourceKind.Namespaces, ResourceKind.Secrets, ServiceAccounts, Services, Deployments, Roles, RoleBindings,
        ClusterRoles, ClusterRoleBindings, ApiServices,
    ];

    /// <summary>The resource of a desired manifest.</summary>
    /// <param name="manifest">A manifest with <c>apiVersion</c> and <c>kind</c> (from <c>Desired/*</c>).</param>
    /// <returns>The resource.</returns>
    /// <exception cref="ArgumentException">The kind is not one the installation creates.</exception>
    public static ResourceKind For(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var apiVersion = manifest["apiVersion"]?.GetValue<string>();
        var kind = manifest["kind"]?.GetValue<string>();
        return Known.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
            ?? throw new ArgumentException($"The installation does not manage {apiVersion} {kind}.", nameof(manifest));
    }
}
