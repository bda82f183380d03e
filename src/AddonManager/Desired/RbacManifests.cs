using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.AddonManager.Desired;

/// <summary>
/// Least-privilege RBAC for the gateway's ServiceAccount: Secret access only in <c>secretNamespace</c>, the
/// authentication-reader Role in kube-system and <c>system:auth-delegator</c> (delegated authn/authz as an aggregated
/// apiserver), and read access to ManagedClusters (<c>--ocm-integration</c>). Unlike upstream, no namespace, webhook,
/// admission-policy or flow-control access: this gateway runs no admission chain or APF.
/// </summary>
internal static class RbacManifests
{
    private const string RbacApiVersion = "rbac.authorization.k8s.io/v1";

    /// <summary>Every RBAC manifest, in apply order (roles before their bindings).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifests.</returns>
    public static IReadOnlyList<JsonObject> Build(V1Alpha1ClusterGatewayConfiguration configuration) =>
    [
        SecretRole(configuration),
        SecretRoleBinding(configuration),
        AuthReaderRoleBinding(configuration),
        AuthDelegatorClusterRoleBinding(configuration),
        ManagedClusterReaderClusterRole(configuration),
        ManagedClusterReaderClusterRoleBinding(configuration),
    ];

    /// <summary>Role <c>&lt;secretNamespace&gt;/cluster-gateway</c>: secrets get/list/watch/update/patch.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject SecretRole(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var role = ManifestMetadata.Create(configuration, RbacApiVersion, "Role", InstallationNames.Gateway,
            configuration.Spec.SecretNamespace);
        role["rules"] = new JsonArray(Rule("", "secrets", "get", "list", "watch", "update", "patch"));
        return role;
    }

    /// <summary>RoleBinding <c>&lt;secretNamespace&gt;/cluster-gateway</c> → Role <c>cluster-gateway</c>.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject SecretRoleBinding(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Binding(configuration, "RoleBinding", InstallationNames.Gateway, configuration.Spec.SecretNamespace, "Role",
            InstallationNames.Gateway);
    }

    /// <summary>
    /// RoleBinding <c>kube-system/extension-apiserver-authentication-reader:cluster-gateway</c> → Role
    /// <c>extension-apiserver-authentication-reader</c>, to read the client and front-proxy CAs.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject AuthReaderRoleBinding(V1Alpha1ClusterGatewayConfiguration configuration) =>
        Binding(configuration, "RoleBinding", InstallationNames.AuthReaderRoleBinding, InstallationNames.KubeSystem, "Role",
            InstallationNames.AuthReaderRole);

    /// <summary>ClusterRoleBinding <c>cluster-gateway:system:auth-delegator</c> → ClusterRole <c>system:auth-delegator</c>.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject AuthDelegatorClusterRoleBinding(V1Alpha1ClusterGatewayConfiguration configuration) =>
        Binding(configuration, "ClusterRoleBinding", InstallationNames.AuthDelegatorClusterRoleBinding, null, "ClusterRole",
            InstallationNames.AuthDelegatorClusterRole);

    /// <summary>ClusterRole <c>apiserver-aggregation:cluster-gateway</c>: managedclusters get/list/watch.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject ManagedClusterReaderClusterRole(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var role = ManifestMetadata.Create(configuration, RbacApiVersion, "ClusterRole", InstallationNames.AggregationClusterRole,
            null);
        role["rules"] = new JsonArray(Rule("cluster.open-cluster-management.io", "managedclusters", "get", "list", "watch"));
        return role;
    }

    /// <summary>ClusterRoleBinding <c>apiserver-aggregation:cluster-gateway</c> → the ClusterRole of the same name.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The manifest.</returns>
    public static JsonObject ManagedClusterReaderClusterRoleBinding(V1Alpha1ClusterGatewayConfiguration configuration) =>
        Binding(configuration, "ClusterRoleBinding", InstallationNames.AggregationClusterRole, null, "ClusterRole",
            InstallationNames.AggregationClusterRole);

    private static JsonObject Rule(string apiGroup, string resource, params string[] verbs) => new()
    {
        ["apiGroups"] = ManifestMetadata.Strings(apiGroup),
        ["resources"] = ManifestMetadata.Strings(resource),
        ["verbs"] = ManifestMetadata.Strings(verbs),
    };

    private static JsonObject Binding(
        V1Alpha1ClusterGatewayConfiguration configuration, string kind, string name, string? @namespace, string roleKind,
        string roleName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var binding = ManifestMetadata.Create(configuration, RbacApiVersion, kind, name, @namespace);
        binding["roleRef"] = new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = roleKind,
            ["name"] = roleName,
        };
        binding["subjects"] = new JsonArray(new JsonObject
        {
            ["kind"] = "ServiceAccount",
            ["name"] = InstallationNames.Gateway,
            ["namespace"] = configuration.Spec.InstallNamespace,
        });
        return binding;
    }
}
