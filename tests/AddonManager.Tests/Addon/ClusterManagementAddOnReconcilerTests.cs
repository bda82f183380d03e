using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.TestSupport;
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
        // The owner reference to "first" is no longer applied: server-side apply removes it (ownerReferences merge
        // by uid), rather than keeping every reference ever applied.
        cma["metadata"]!["ownerReferences"]!.AsArray().Select(o => (string?)o!["name"]).Should().Equal("second");
    }

    [Fact(Timeout = 30_000)]
    public async Task ConfigurationTouched_ApplyAgainLeavesTheUnchangedObjectAlone()
    {
        await using var hub = await AddonHub.StartAsync(null);
        var configuration = hub.Store.Put(GatewayConfiguration("gateway"));
        await hub.WaitForEventAsync(AddonEventReasons.ClusterManagementAddOnApplied, "gateway");
        var before = await hub.WaitForAsync(AddonHub.ClusterManagementAddOns, null, "cluster-gateway");

        // Two unrelated changes, two reconciles; the controller handles one key at a time, so when the second apply is
        // sent the first one has been answered.
        foreach (var value in new[] { "1", "2" })
        {
            hub.Server.Requests.Clear();
            configuration["metadata"]!["labels"] = new JsonObject { ["touched"] = value };
            hub.Store.Put(configuration);
            await hub.Server.Requests.WaitForAsync(r => r.Method == "PATCH" &&
                r.PathAndQuery.Contains("/clustermanagementaddons/cluster-gateway?", StringComparison.Ordinal),
                TestTimeouts.Default);
        }

        var after = hub.Store.Get(AddonHub.ClusterManagementAddOns, null, "cluster-gateway")!;
        ((string?)after["metadata"]!["resourceVersion"]).Should().Be((string?)before["metadata"]!["resourceVersion"],
            "an apply of the same configuration changes nothing, so the object is not written");
    }
}
