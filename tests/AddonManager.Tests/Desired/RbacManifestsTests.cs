using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Desired;

namespace ClusterGateway.AddonManager.Tests.Desired;

public sealed class RbacManifestsTests
{
    private static readonly JsonObject ServiceAccountSubject = new()
    {
        ["kind"] = "ServiceAccount",
        ["name"] = "cluster-gateway",
        ["namespace"] = "vela-system",
    };

    private static void ShouldBind(JsonObject binding, string kind, string name, string? ns, string roleKind, string roleName)
    {
        binding["kind"]!.GetValue<string>().Should().Be(kind);
        binding["apiVersion"]!.GetValue<string>().Should().Be("rbac.authorization.k8s.io/v1");
        binding["metadata"]!["name"]!.GetValue<string>().Should().Be(name);
        binding["metadata"]!["namespace"]?.GetValue<string>().Should().Be(ns);
        JsonNode.DeepEquals(binding["roleRef"], new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = roleKind,
            ["name"] = roleName,
        }).Should().BeTrue();
        JsonNode.DeepEquals(binding["subjects"], new JsonArray(ServiceAccountSubject.DeepClone())).Should().BeTrue();
        DesiredFixtures.ShouldBeOwnedByConfiguration(binding);
    }

    [Fact]
    public void SecretRole_Always_GrantsExactlySecretAccessInSecretNamespace()
    {
        var role = RbacManifests.SecretRole(DesiredFixtures.Direct());

        role["kind"]!.GetValue<string>().Should().Be("Role");
        role["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway");
        role["metadata"]!["namespace"]!.GetValue<string>().Should().Be("open-cluster-management-credentials");
        JsonNode.DeepEquals(role["rules"], JsonNode.Parse(
            """[{"apiGroups":[""],"resources":["secrets"],"verbs":["get","list","watch","update","patch"]}]""")).Should().BeTrue();
        DesiredFixtures.ShouldBeOwnedByConfiguration(role);
    }

    [Fact]
    public void ManagedClusterReaderClusterRole_Always_GrantsExactlyManagedClusterRead()
    {
        var role = RbacManifests.ManagedClusterReaderClusterRole(DesiredFixtures.Direct());

        role["kind"]!.GetValue<string>().Should().Be("ClusterRole");
        role["metadata"]!["name"]!.GetValue<string>().Should().Be("apiserver-aggregation:cluster-gateway");
        role["metadata"]!.AsObject().ContainsKey("namespace").Should().BeFalse();
        JsonNode.DeepEquals(role["rules"], JsonNode.Parse(
            """[{"apiGroups":["cluster.open-cluster-management.io"],"resources":["managedclusters"],"verbs":["get","list","watch"]}]"""))
            .Should().BeTrue();
    }

    [Fact]
    public void Bindings_Always_BindGatewayServiceAccount()
    {
        var configuration = DesiredFixtures.Direct();

        ShouldBind(RbacManifests.SecretRoleBinding(configuration), "RoleBinding", "cluster-gateway",
            "open-cluster-management-credentials", "Role", "cluster-gateway");
        ShouldBind(RbacManifests.AuthReaderRoleBinding(configuration), "RoleBinding",
            "extension-apiserver-authentication-reader:cluster-gateway", "kube-system", "Role",
            "extension-apiserver-authentication-reader");
        ShouldBind(RbacManifests.AuthDelegatorClusterRoleBinding(configuration), "ClusterRoleBinding",
            "cluster-gateway:system:auth-delegator", null, "ClusterRole", "system:auth-delegator");
        ShouldBind(RbacManifests.ManagedClusterReaderClusterRoleBinding(configuration), "ClusterRoleBinding",
            "apiserver-aggregation:cluster-gateway", null, "ClusterRole", "apiserver-aggregation:cluster-gateway");
    }

    [Fact]
    public void Build_Always_ReturnsRolesAndBindingsOnly()
    {
        var kinds = RbacManifests.Build(DesiredFixtures.Direct()).Select(m => m["kind"]!.GetValue<string>());

        kinds.Should().Equal("Role", "RoleBinding", "RoleBinding", "ClusterRoleBinding", "ClusterRole", "ClusterRoleBinding");
    }
}
