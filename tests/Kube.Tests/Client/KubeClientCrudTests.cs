using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;
using ClusterGateway.TestSupport;
using ObjectMeta = ClusterGateway.Kube.Models.ObjectMeta;

namespace ClusterGateway.Kube.Tests.Client;

public sealed class KubeClientCrudTests
{
    [Fact(Timeout = 30_000)]
    public async Task Get_ExistingObject_ReturnsTypedAndUntyped()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm", "hello"));
        using var client = FakeServers.Client(server);

        var typed = await client.GetAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", "cm");
        var untyped = await client.GetAsync<JsonObject>(ResourceKind.ConfigMaps, "default", "cm");

        typed.Data.Should().Equal(new Dictionary<string, string> { ["key"] = "hello" });
        typed.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
        typed.Metadata.Uid.Should().NotBeNullOrEmpty();
        untyped["data"]!["key"]!.GetValue<string>().Should().Be("hello");
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_MissingObject_ThrowsNotFoundWithServerStatus()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        var act = () => client.GetAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", "ghost");

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.IsNotFound.Should().BeTrue();
        error.Reason.Should().Be("NotFound");
        error.Status.Message.Should().Contain("\"ghost\" not found");
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_ClusterScoped_UsesNoNamespace()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        var ns = await client.GetAsync<JsonObject>(ResourceKind.Namespaces, null, "kube-system");

        ns["metadata"]!["name"]!.GetValue<string>().Should().Be("kube-system");
        server.Requests.Snapshot().Should().Contain(r => r.Path == "/api/v1/namespaces/kube-system");
    }

    [Fact(Timeout = 30_000)]
    public async Task Get_NamespacedKindWithoutNamespace_ThrowsArgumentException()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        var act = () => client.GetAsync<JsonObject>(ResourceKind.ConfigMaps, null, "cm");

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task List_LabelSelector_ReturnsMatchingItemsAndResourceVersion()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a", label: "web"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "b", label: "db"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("other", "c", label: "web"));
        using var client = FakeServers.Client(server);

        var inDefault = await client.ListAsync<ConfigMap>(ResourceKind.ConfigMaps, "default",
            new ListOptions { LabelSelector = "app=web" });
        var everywhere = await client.ListAsync<ConfigMap>(ResourceKind.ConfigMaps, null,
            new ListOptions { LabelSelector = "app=web" });

        inDefault.Items.Select(i => i.Metadata.Name).Should().Equal("a");
        everywhere.Items.Select(i => i.Metadata.Name).Should().BeEquivalentTo("a", "c");
        everywhere.Metadata.ResourceVersion.Should().Be(server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Requests.Snapshot().Should().Contain(r =>
            r.PathAndQuery == "/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb");
    }

    [Fact(Timeout = 30_000)]
    public async Task List_Paged_FollowsContinueTokens()
    {
        await using var server = await FakeServers.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", name));
        }

        using var client = FakeServers.Client(server);

        var names = new List<string?>();
        string? token = null;
        do
        {
            var page = await client.ListAsync<ConfigMap>(ResourceKind.ConfigMaps, "default",
                new ListOptions { Limit = 2, Continue = token });
            page.Items.Count.Should().BeLessThanOrEqualTo(2);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.Continue;
        }
        while (!string.IsNullOrEmpty(token));

        names.Should().Equal("a", "b", "c");
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_Typed_RoundTripsSecretData()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var secret = new Secret
        {
            Metadata = new ObjectMeta { Name = "s", Namespace = "default" },
            Type = "Opaque",
            Data = new() { ["bin"] = [0, 1, 2, 255] },
        };

        var created = await client.CreateAsync(ResourceKind.Secrets, "default", secret);
        var read = await client.GetAsync<Secret>(ResourceKind.Secrets, "default", "s");

        created.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
        read.Data!["bin"].Should().Equal(0, 1, 2, 255);
        server.Store.Get(FakeResource.Secrets, "default", "s")!["data"]!["bin"]!.GetValue<string>().Should().Be("AAEC/w==");
    }

    [Fact(Timeout = 30_000)]
    public async Task Create_Existing_ThrowsConflict()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm"));
        using var client = FakeServers.Client(server);

        var act = () => client.CreateAsync(ResourceKind.ConfigMaps, "default", TestConfigMaps.Create("default", "cm"));

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.IsConflict.Should().BeTrue();
        error.Reason.Should().Be("AlreadyExists");
    }

    [Fact(Timeout = 30_000)]
    public async Task Replace_CurrentResourceVersion_Succeeds_StaleOne_Conflicts()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm", "one"));
        using var client = FakeServers.Client(server);
        var current = await client.GetAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", "cm");
        var staleVersion = current.Metadata.ResourceVersion;

        current.Data!["key"] = "two";
        var replaced = await client.ReplaceAsync(ResourceKind.ConfigMaps, "default", "cm", current);
        current.Data!["key"] = "three";
        current.Metadata.ResourceVersion = staleVersion;
        var act = () => client.ReplaceAsync(ResourceKind.ConfigMaps, "default", "cm", current);

        replaced.Data!["key"].Should().Be("two");
        replaced.Metadata.ResourceVersion.Should().NotBe(staleVersion);
        (await act.Should().ThrowAsync<KubeApiException>()).Which.IsConflict.Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task ReplaceStatus_PutsToStatusSubresource()
    {
        await using var server = await FakeServers.StartAsync();
        var deployments = new ResourceKind("apps", "v1", "deployments", "Deployment", true);
        server.Store.Put(FakeResource.Deployments, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "d", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["replicas"] = 1 },
        });
        using var client = FakeServers.Client(server);
        var deployment = await client.GetAsync<JsonObject>(deployments, "default", "d");
        deployment["status"] = new JsonObject { ["readyReplicas"] = 1 };
        deployment["spec"]!["replicas"] = 5;

        var updated = await client.ReplaceStatusAsync(deployments, "default", "d", deployment);

        updated["status"]!["readyReplicas"]!.GetValue<int>().Should().Be(1);
        updated["spec"]!["replicas"]!.GetValue<int>().Should().Be(1, "the status subresource ignores spec changes");
        server.Requests.Snapshot().Should().Contain(r => r.Method == "PUT" && r.Path == "/apis/apps/v1/namespaces/default/deployments/d/status");
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_Merge_ChangesOnlyTheGivenFields()
    {
        await using var server = await FakeServers.StartAsync();
        var cm = FakeServers.ConfigMap("default", "cm", "one");
        cm["data"]!["other"] = "kept";
        server.Store.Put(FakeResource.ConfigMaps, cm);
        using var client = FakeServers.Client(server);

        var patched = await client.PatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", "cm", PatchType.Merge,
            """{"data":{"key":"two"}}""");

        patched.Data.Should().Equal(new Dictionary<string, string> { ["key"] = "two", ["other"] = "kept" });
        var request = server.Requests.Snapshot().Single(r => r.Method == "PATCH");
        request.Header("Content-Type").Should().StartWith("application/merge-patch+json");
    }

    [Fact(Timeout = 30_000)]
    public async Task Patch_Apply_SendsFieldManagerAndForce()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        var applied = await client.PatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", "cm", PatchType.Apply,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{"key":"applied"}}""",
            fieldManager: "cluster-gateway-addon-manager", force: true);

        applied.Data!["key"].Should().Be("applied");
        var request = server.Requests.Snapshot().Single(r => r.Method == "PATCH");
        request.PathAndQuery.Should().Be("/api/v1/namespaces/default/configmaps/cm?fieldManager=cluster-gateway-addon-manager&force=true");
        request.Header("Content-Type").Should().StartWith("application/apply-patch+yaml");
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_Existing_RemovesIt_Missing_ThrowsNotFound()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm"));
        using var client = FakeServers.Client(server);

        await client.DeleteAsync(ResourceKind.ConfigMaps, "default", "cm");
        var again = () => client.DeleteAsync(ResourceKind.ConfigMaps, "default", "cm");

        server.Store.Get(FakeResource.ConfigMaps, "default", "cm").Should().BeNull();
        (await again.Should().ThrowAsync<KubeApiException>()).Which.IsNotFound.Should().BeTrue();
    }
}
