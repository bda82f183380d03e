using System.Text.Json.Nodes;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;
using ObjectMeta = ClusterGateway.Kube.Models.ObjectMeta;
using ClusterGateway.Kube.Tests.Client;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Controllers;

public sealed class HelperTests
{
    [Fact]
    public void Set_ControllerOwner_AddsOnceAndRejectsSecondController()
    {
        var owner = ConfigMap("owner", "uid-1");
        var child = ConfigMap("child", "uid-2");

        OwnerReferences.Set(child, owner);
        OwnerReferences.Set(child, owner);

        child.Metadata.OwnerReferences.Should().HaveCount(1);
        var reference = child.Metadata.OwnerReferences![0];
        reference.GetProperty("uid").GetString().Should().Be("uid-1");
        reference.GetProperty("controller").GetBoolean().Should().BeTrue();
        reference.GetProperty("blockOwnerDeletion").GetBoolean().Should().BeTrue();
        OwnerReferences.IsControlledBy(child, owner).Should().BeTrue();
        var act = () => OwnerReferences.Set(child, ConfigMap("other", "uid-3"));
        act.Should().Throw<InvalidOperationException>();
        OwnerReferences.Set(child, ConfigMap("other", "uid-3"), controller: false);
        child.Metadata.OwnerReferences.Should().HaveCount(2);
    }

    [Fact]
    public void Create_OwnerWithoutUid_Throws()
    {
        var act = () => OwnerReferences.Create(ConfigMap("owner", null));
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void AddRemove_Finalizer_ReportChanges()
    {
        var cm = ConfigMap("a", "uid");
        Finalizers.Add(cm, "x/cleanup").Should().BeTrue();
        Finalizers.Add(cm, "x/cleanup").Should().BeFalse();
        Finalizers.Contains(cm, "x/cleanup").Should().BeTrue();
        Finalizers.Remove(cm, "x/cleanup").Should().BeTrue();
        Finalizers.Remove(cm, "x/cleanup").Should().BeFalse();
        Finalizers.Contains(cm, "x/cleanup").Should().BeFalse();
    }

    [Fact(Timeout = 30_000)]
    public async Task ApplyAsync_JsonObject_CreatesThenUpdatesWithFieldManager()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var applied = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "a", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["k"] = "1" },
        };

        await ServerSideApply.ApplyAsync(client, ResourceKind.ConfigMaps, applied, "test-manager");
        applied["data"]!["k"] = "2";
        var result = await ServerSideApply.ApplyAsync(client, ResourceKind.ConfigMaps, applied, "test-manager");

        result["data"]!["k"]!.GetValue<string>().Should().Be("2");
        server.Store.Get(FakeResource.ConfigMaps, "default", "a")!["data"]!["k"]!.GetValue<string>().Should().Be("2");
        server.Requests.Snapshot().Should().Contain(r =>
            r.Method == "PATCH" && r.Header("content-type") == "application/apply-patch+yaml" &&
            r.PathAndQuery.Contains("fieldManager=test-manager", StringComparison.Ordinal) &&
            r.PathAndQuery.Contains("force=true", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task ApplyAsync_Typed_SendsObject()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var cm = ConfigMap("typed", null);
        cm.Metadata.Namespace = "default";

        var result = await ServerSideApply.ApplyAsync(client, ResourceKind.ConfigMaps, cm, "test-manager");

        result.Metadata.Uid.Should().NotBeNullOrEmpty();
    }

    [Fact(Timeout = 30_000)]
    public async Task NormalAsync_InvolvedObject_CreatesCoreEvent()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var recorder = new EventRecorder(client, "test-component", "pod-1");
        var involved = ConfigMap("a", "uid-1");
        involved.Metadata.Namespace = "default";

        var normal = await recorder.NormalAsync(involved, "Created", "created it");
        var warning = await recorder.WarningAsync(new Namespace(), "Broken", "no name");

        normal.Should().NotBeNull();
        var stored = server.Store.Get(FakeResource.Events, "default", normal!.Metadata.Name!)!;
        stored["type"]!.GetValue<string>().Should().Be("Normal");
        stored["reason"]!.GetValue<string>().Should().Be("Created");
        stored["involvedObject"]!["uid"]!.GetValue<string>().Should().Be("uid-1");
        stored["involvedObject"]!["kind"]!.GetValue<string>().Should().Be("ConfigMap");
        stored["source"]!["component"]!.GetValue<string>().Should().Be("test-component");
        stored["count"]!.GetValue<int>().Should().Be(1);
        warning.Should().BeNull("an event without an involved name is rejected and only logged");
    }

    private static ConfigMap ConfigMap(string name, string? uid) => new()
    {
        Metadata = new ObjectMeta { Name = name, Uid = uid },
    };

    private sealed class Namespace : IKubernetesObject
    {
        public string? ApiVersion { get; set; } = "v1";

        public string? Kind { get; set; } = "Namespace";

        public ObjectMeta Metadata { get; set; } = new();
    }
}
