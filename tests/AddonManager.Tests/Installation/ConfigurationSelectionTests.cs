using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Installation;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>Which configuration installs, and what the others and invalid ones report.</summary>
public sealed class ConfigurationSelectionTests
{
    [Fact(Timeout = 30_000)]
    public async Task Reconcile_TwoConfigurations_OnlyTheReferencedOneInstallsTheOtherIsNotActive()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        var second = DesiredFixtures.Direct();
        second.Metadata.Name = "second";
        second.Spec.InstallNamespace = "second-system";
        hub.PutConfiguration(second);
        hub.Store.Put(InstallationHarness.AddOns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "cluster-gateway" },
            ["spec"] = new JsonObject
            {
                ["addOnConfiguration"] = new JsonObject
                {
                    ["crdName"] = "clustergatewayconfigurations.proxy.open-cluster-management.io",
                    ["crName"] = "second",
                },
            },
        });

        await hub.ReconcileAsync();

        hub.Store.Get(FakeResource.Deployments, "second-system", "gateway-deployment").Should().NotBeNull();
        hub.Store.Get(FakeResource.Deployments, "vela-system", "gateway-deployment").Should().BeNull();
        var inactive = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        var deployed = InstallationHarness.Condition(inactive, InstallationConditions.Deployed);
        deployed["status"]!.GetValue<string>().Should().Be("False");
        deployed["reason"]!.GetValue<string>().Should().Be(InstallationConditions.NotActive);
        deployed["message"]!.GetValue<string>().Should().Contain("second");
        inactive["status"]!["lastObservedGeneration"].Should().BeNull("the inactive spec was not acted on");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_NoClusterManagementAddOnResource_OldestConfigurationInstalls()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());

        await hub.ReconcileAsync();

        hub.Store.Get(FakeResource.Deployments, "vela-system", "gateway-deployment").Should().NotBeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_InvalidSpec_ReportsInvalidSpecAppliesNothingAndDoesNotRetry()
    {
        await using var hub = await InstallationHarness.StartAsync();
        var configuration = DesiredFixtures.Direct();
        configuration.Spec.Egress.Type = "ClusterProxy";
        hub.PutConfiguration(configuration);

        var result = await hub.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        hub.Store.Get(FakeResource.Namespaces, null, "vela-system").Should().BeNull();
        var stored = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        var deployed = InstallationHarness.Condition(stored, InstallationConditions.Deployed);
        deployed["status"]!.GetValue<string>().Should().Be("False");
        deployed["reason"]!.GetValue<string>().Should().Be(InstallationConditions.InvalidSpec);
        deployed["message"]!.GetValue<string>().Should().Contain("spec.egress.clusterProxy");
        stored["status"]!["lastObservedGeneration"]!.GetValue<long>().Should().Be(1);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_NoConfiguration_DoesNothing()
    {
        await using var hub = await InstallationHarness.StartAsync();
        var before = hub.Store.ResourceVersion;

        var result = await hub.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        hub.Store.ResourceVersion.Should().Be(before);
    }
}
