using ClusterGateway.AddonManager.Health;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>Which informer changes queue a probe, and the pure pieces of the status and messages.</summary>
public sealed class AddonHealthTriggerTests
{
    [Theory]
    [InlineData(InformerEventType.Added)]
    [InlineData(InformerEventType.Deleted)]
    public void TriggerKey_AddedOrDeleted_QueuesTheNamespace(InformerEventType type)
    {
        var addon = Addon("a", 1, own: true);
        var change = type == InformerEventType.Added
            ? new InformerEvent<ManagedClusterAddOn>(type, null, addon)
            : new InformerEvent<ManagedClusterAddOn>(type, addon, null);

        AddonHealthReconciler.TriggerKey(change).Should().Be("a");
    }

    [Fact]
    public void TriggerKey_OwnStatusWrite_QueuesNothing() =>
        AddonHealthReconciler.TriggerKey(Modified(Addon("a", 1, own: false), Addon("a", 1, own: true))).Should().BeNull();

    [Fact]
    public void TriggerKey_GenerationChanged_Queues() =>
        AddonHealthReconciler.TriggerKey(Modified(Addon("a", 1, own: true), Addon("a", 2, own: true))).Should().Be("a");

    [Fact]
    public void TriggerKey_DeletionStarted_Queues()
    {
        var deleting = Addon("a", 1, own: true);
        deleting.Metadata.DeletionTimestamp = DateTimeOffset.UnixEpoch;

        AddonHealthReconciler.TriggerKey(Modified(Addon("a", 1, own: true), deleting)).Should().Be("a");
    }

    [Fact]
    public void TriggerKey_SomeoneElseResetTheStatus_Queues() =>
        AddonHealthReconciler.TriggerKey(Modified(Addon("a", 1, own: true), Addon("a", 1, own: false))).Should().Be("a");

    [Fact]
    public void TriggerKey_OtherAddon_QueuesNothing()
    {
        var other = Addon("a", 1, own: false);
        other.Metadata.Name = "managed-serviceaccount";

        AddonHealthReconciler.TriggerKey(new InformerEvent<ManagedClusterAddOn>(InformerEventType.Added, null, other))
            .Should().BeNull();
    }

    [Fact]
    public void Desired_SameResultTwice_SecondTimeNothingToWrite()
    {
        var addon = Addon("a", 3, own: false);
        var now = DateTimeOffset.Parse("2024-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var first = AddonHealthStatus.Desired(addon, HealthProbeResult.Failed("down"), now)!;
        addon.Status = new ManagedClusterAddOnStatus
        {
            Conditions = first, HealthCheck = new ManagedClusterAddOnHealthCheck { Mode = "Customized" },
        };

        first.Should().ContainSingle(c => c.Type == "Available" && c.Status == "False" && c.Message == "down" &&
            c.Reason == "FailedProbingHealthz" && c.ObservedGeneration == 3 && c.LastTransitionTime == now);
        AddonHealthStatus.Desired(addon, HealthProbeResult.Failed("down"), now.AddMinutes(1)).Should().BeNull();
        AddonHealthStatus.Desired(addon, HealthProbeResult.Failed("other reason"), now.AddMinutes(1)).Should().NotBeNull();
    }

    private static InformerEvent<ManagedClusterAddOn> Modified(ManagedClusterAddOn old, ManagedClusterAddOn now) =>
        new(InformerEventType.Modified, old, now);

    private static ManagedClusterAddOn Addon(string ns, long generation, bool own) => new()
    {
        Metadata = new ObjectMeta { Name = "cluster-gateway", Namespace = ns, Generation = generation },
        Status = own
            ? new ManagedClusterAddOnStatus
            {
                HealthCheck = new ManagedClusterAddOnHealthCheck { Mode = "Customized" },
                Conditions = [new Condition { Type = "Available", Status = "True", Reason = "SuccessfullyProbedHealthz" }],
            }
            : new ManagedClusterAddOnStatus { Conditions = [new Condition { Type = "Available", Status = "Unknown", Reason = "Pending" }] },
    };
}
