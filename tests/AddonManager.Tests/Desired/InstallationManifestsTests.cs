using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Desired;

namespace ClusterGateway.AddonManager.Tests.Desired;

public sealed class InstallationManifestsTests
{
    [Fact]
    public void NamespaceBuild_DistinctNamespaces_ReturnsBothNeverOwned()
    {
        var namespaces = NamespaceManifests.Build(DesiredFixtures.Direct());

        namespaces.Select(n => n["metadata"]!["name"]!.GetValue<string>())
            .Should().Equal("vela-system", "open-cluster-management-credentials");
        namespaces.Should().AllSatisfy(n =>
        {
            n["kind"]!.GetValue<string>().Should().Be("Namespace");
            n["metadata"]!.AsObject().ContainsKey("namespace").Should().BeFalse();
            // Deleting the configuration must not garbage-collect namespaces holding hand-managed Secrets.
            n["metadata"]!.AsObject().ContainsKey("ownerReferences").Should().BeFalse();
        });
    }

    [Fact]
    public void NamespaceBuild_SameNamespace_ReturnsOne()
    {
        var configuration = DesiredFixtures.Direct();
        configuration.Spec.SecretNamespace = "vela-system";

        NamespaceManifests.Build(configuration).Should().ContainSingle();
    }

    [Fact]
    public void ServiceAccountBuild_Always_InInstallNamespace()
    {
        var account = ServiceAccountManifest.Build(DesiredFixtures.Direct());

        account["kind"]!.GetValue<string>().Should().Be("ServiceAccount");
        account["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway");
        account["metadata"]!["namespace"]!.GetValue<string>().Should().Be("vela-system");
        DesiredFixtures.ShouldBeOwnedByConfiguration(account);
    }

    [Fact]
    public void ServiceBuild_Always_Port9443ToTarget9443SelectingGatewayPods()
    {
        var service = ServiceManifest.Build(DesiredFixtures.Direct());

        service["metadata"]!["name"]!.GetValue<string>().Should().Be("cluster-gateway");
        service["metadata"]!["namespace"]!.GetValue<string>().Should().Be("vela-system");
        JsonNode.DeepEquals(service["spec"], JsonNode.Parse("""
            {"type":"ClusterIP","selector":{"proxy.open-cluster-management.io/addon-name":"cluster-gateway"},
             "ports":[{"name":"https","protocol":"TCP","port":9443,"targetPort":9443}]}
            """)).Should().BeTrue();
        DesiredFixtures.ShouldBeOwnedByConfiguration(service);
    }

    [Fact]
    public void ApiServiceBuild_Always_PointsAtServiceWithCaBundle()
    {
        var pem = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

        var apiService = ApiServiceManifest.Build(DesiredFixtures.Direct(), pem);

        apiService["apiVersion"]!.GetValue<string>().Should().Be("apiregistration.k8s.io/v1");
        apiService["kind"]!.GetValue<string>().Should().Be("APIService");
        apiService["metadata"]!["name"]!.GetValue<string>().Should().Be("v1alpha1.cluster.core.oam.dev");
        JsonNode.DeepEquals(apiService["spec"], new JsonObject
        {
            ["group"] = "cluster.core.oam.dev",
            ["version"] = "v1alpha1",
            ["service"] = new JsonObject { ["namespace"] = "vela-system", ["name"] = "cluster-gateway", ["port"] = 9443 },
            ["caBundle"] = Convert.ToBase64String(pem),
            ["groupPriorityMinimum"] = 5000,
            ["versionPriority"] = 10,
        }).Should().BeTrue();
        DesiredFixtures.ShouldBeOwnedByConfiguration(apiService);
    }

    [Fact]
    public void ApiServiceBuild_EmptyCaBundle_Throws()
    {
        var build = () => ApiServiceManifest.Build(DesiredFixtures.Direct(), []);

        build.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Build_ConfigurationWithoutUid_Throws()
    {
        var configuration = DesiredFixtures.Direct();
        configuration.Metadata.Uid = null;

        var build = () => ServiceAccountManifest.Build(configuration);

        build.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Build_Always_ListsEverythingButApiServiceInApplyOrder()
    {
        var kinds = InstallationManifests.Build(DesiredFixtures.ClusterProxy()).Select(m => m["kind"]!.GetValue<string>());

        kinds.Should().Equal("Namespace", "Namespace", "ServiceAccount", "Role", "RoleBinding", "RoleBinding",
            "ClusterRoleBinding", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment");
    }
}
