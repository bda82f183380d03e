using ClusterGateway.AddonManager.Addon;
using static ClusterGateway.AddonManager.Tests.Addon.AddonObjects;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>The ClusterManagementAddOn <c>cluster-gateway</c> follows the active configuration.</summary>
public sealed class ClusterManagementAddOnReconcilerTests
{
    [Fact(Timeout = 30_000)]
    public async Task Configuration_ClusterManagementAddOnAppliedReferencingIt()
    {
        await using var hub = await AddonHub.StartAsync(null);
        var configuration = hub.Store.Put(GatewayConfiguration("gateway"));

        var cma = await hub.WaitForAsync(AddonHub.ClusterManagementAddOns, null, "cluster-gateway");

        var spec = cma["spec"]!;
        ((string?)spec["addOnMeta"]!["displayName"]).Should().Be("cluster-gateway");
        ((string?)spec["addOnMeta"]!["description"]).Should().NotBeNullOrEmpty();
        spec["addOnConfiguration"]!.ToJsonString().Should().Be(
            """{"crdName":"clustergatewayconfigurations.proxy.open-cluster-management.io","crName":"gateway"}""");
        spec["supportedConfigs"]!.ToJsonString().Should().Be(
            """[{"group":"proxy.open-cluster-management.io","resource":"clustergatewayconfigurations","defaultConfig":{"name":"gateway"}}]""");
        ((string?)spec["installStrategy"]!["type"]).Should().Be("Manual");
        Label(cma, AddonNames.ManagedByLabel).Should().Be(AddonNames.FieldManager);
        var owner = cma["metadata"]!["ownerReferences"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)owner["kind"], (string?)owner["name"], (string?)owner["uid"])
            .Should().Be(("ClusterGatewayConfiguration", "gateway", Uid(configuration)));
        await hub.WaitForEventAsync(AddonEventReasons.ClusterManagementAddOnApplied, "gateway");
    }

    [Fact(Timeout = 30_000)]
    public async Task ReferencedConfigurationDeleted_ClusterManagementAddOnFollowsTheNextActiveOne()
    {
        await using var hub = await AddonHub.StartAsync(null, GatewayConfiguration("first"));
        await hub.WaitForAsync(AddonHub.ClusterManagementAddOns, null, "cluster-gateway",
            c => (string?)c["spec"]!["addOnConfiguration"]!["crName"] == "first");
        hub.Store.Put(GatewayConfiguration("second"));

        hub.Store.Delete(AddonHub.Configurations, null, "first");

        var cma = await hub.WaitForAsync(AddonHub.ClusterManagementAddOns, null, "cluster-gateway",
            c => (string?)c["spec"]!["addOnConfiguration"]!["crName"] == "second");
        ((string?)cma["spec"]!["supportedConfigs"]![0]!["defaultConfig"]!["name"]).Should().Be("second");
    }
}
