using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;
using static ClusterGateway.Kube.Tests.Fidelity.Lifecycle.ApiCalls;

namespace ClusterGateway.Kube.Tests.Fidelity.Lifecycle;

/// <summary>
/// Owner-reference garbage collection in the fake hub, over HTTP: background (default), orphan and foreground
/// propagation, dangling references, cluster-scoped owners
/// (https://kubernetes.io/docs/concepts/architecture/garbage-collection/).
/// </summary>
public sealed class GarbageCollectionTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Secrets = "/api/v1/namespaces/default/secrets";

    [Fact(Timeout = 60_000)]
    public async Task Deleting_an_owner_collects_its_dependents_recursively_and_keeps_those_with_another_owner()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var web = await CreateAsync(client, Deployments, Object("apps/v1", "Deployment", "web", "default"));
        var other = await CreateAsync(client, Deployments, Object("apps/v1", "Deployment", "other", "default"));
        var child = await CreateAsync(client, ConfigMaps,
            Object("v1", "ConfigMap", "child", "default", OwnerReference(web)));
        await CreateAsync(client, Secrets, Object("v1", "Secret", "grandchild", "default", OwnerReference(child)));
        await CreateAsync(client, ConfigMaps,
            Object("v1", "ConfigMap", "shared", "default", OwnerReference(web), OwnerReference(other)));
        await CreateAsync(client, ConfigMaps, Object("v1", "ConfigMap", "unrelated", "default", OwnerReference(other)));
        await using var configMaps = await HttpWatch.StartAsync(client, "/api/v1/configmaps", server.Store.ResourceVersion);
        await using var secrets = await HttpWatch.StartAsync(client, "/api/v1/secrets", server.Store.ResourceVersion);

        var (status, _) = await SendAsync(client, HttpMethod.Delete, $"{Deployments}/web");
        status.Should().Be(HttpStatusCode.OK);

        await configMaps.NextAsync("DELETED", "child");
        await secrets.NextAsync("DELETED", "grandchild");
        var shared = await configMaps.NextAsync("MODIFIED", "shared");
        shared["metadata"]!["ownerReferences"]!.AsArray().Select(r => r!["uid"]!.GetValue<string>())
            .Should().Equal([Uid(other)], "the reference to the gone owner is removed, the live one kept");
        server.Store.Get(FakeResource.ConfigMaps, "default", "unrelated").Should().NotBeNull();
        configMaps.Seen.Should().NotContain(e => e["object"]!["metadata"]!["name"]!.GetValue<string>() == "unrelated");
        server.Store.BackgroundErrors.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Orphan_propagation_removes_the_reference_and_keeps_the_dependent()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var web = await CreateAsync(client, Deployments, Object("apps/v1", "Deployment", "web", "default"));
        await CreateAsync(client, ConfigMaps, Object("v1", "ConfigMap", "child", "default", OwnerReference(web)));
        await using var configMaps = await HttpWatch.StartAsync(client, ConfigMaps, server.Store.ResourceVersion);
        await using var deployments = await HttpWatch.StartAsync(client, Deployments, server.Store.ResourceVersion);

        var (status, deleting) = await SendAsync(client, HttpMethod.Delete, $"{Deployments}/web",
            new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = "Orphan" });

        status.Should().Be(HttpStatusCode.OK);
        deleting["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("orphan");
        deleting["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        var orphaned = await configMaps.NextAsync("MODIFIED", "child");
        orphaned["metadata"]!["ownerReferences"].Should().BeNull();
        await deployments.NextAsync("DELETED", "web");
        server.Store.Get(FakeResource.ConfigMaps, "default", "child").Should().NotBeNull();
        server.Store.BackgroundErrors.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Foreground_propagation_removes_the_owner_only_after_its_blocking_dependents()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        var web = await CreateAsync(client, Deployments, Object("apps/v1", "Deployment", "web", "default"));
        var held = Object("v1", "ConfigMap", "held", "default", OwnerReference(web, blockOwnerDeletion: true));
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await CreateAsync(client, ConfigMaps, held);
        await CreateAsync(client, Secrets, Object("v1", "Secret", "loose", "default", OwnerReference(web)));
        await using var configMaps = await HttpWatch.StartAsync(client, ConfigMaps, server.Store.ResourceVersion);
        await using var secrets = await HttpWatch.StartAsync(client, Secrets, server.Store.ResourceVersion);
        await using var deployments = await HttpWatch.StartAsync(client, Deployments, server.Store.ResourceVersion);

        var (status, deleting) = await SendAsync(client, HttpMethod.Delete,
            $"{Deployments}/web?propagationPolicy=Foreground");

        status.Should().Be(HttpStatusCode.OK);
        deleting["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>())
            .Should().Equal("foregroundDeletion");
        await secrets.NextAsync("DELETED", "loose");
        await configMaps.NextAsync("MODIFIED", "held", o => o["metadata"]!["deletionTimestamp"] is not null);
        server.Store.Get(FakeResource.Deployments, "default", "web").Should().NotBeNull(
            "a dependent with blockOwnerDeletion is still there (its finalizer holds it)");

        (status, _) = await SendAsync(client, HttpMethod.Patch, $"{ConfigMaps}/held",
            new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, "application/merge-patch+json");
        status.Should().Be(HttpStatusCode.OK);

        var dependentGone = await configMaps.NextAsync("DELETED", "held");
        var ownerGone = await deployments.NextAsync("DELETED", "web");
        long.Parse(ownerGone["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(long.Parse(dependentGone["metadata"]!["resourceVersion"]!.GetValue<string>(),
                CultureInfo.InvariantCulture), "the owner goes after its blocking dependent");
        server.Store.BackgroundErrors.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Dependents_whose_owners_are_all_absent_are_collected_at_creation()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        await CreateAsync(client, "/api/v1/namespaces", Object("v1", "Namespace", "team-a", null));
        var elsewhere = await CreateAsync(client, "/apis/apps/v1/namespaces/team-a/deployments",
            Object("apps/v1", "Deployment", "web", "team-a"));
        var apiService = await CreateAsync(client, "/apis/apiregistration.k8s.io/v1/apiservices",
            Object("apiregistration.k8s.io/v1", "APIService", "v1.example.com", null));
        await using var configMaps = await HttpWatch.StartAsync(client, ConfigMaps, server.Store.ResourceVersion);

        await CreateAsync(client, ConfigMaps,
            Object("v1", "ConfigMap", "cluster-owned", "default", OwnerReference(apiService)));
        var ghost = OwnerReference(elsewhere);
        ghost["uid"] = Guid.NewGuid().ToString();
        await CreateAsync(client, ConfigMaps, Object("v1", "ConfigMap", "ghost-owned", "default", ghost));
        await CreateAsync(client, ConfigMaps,
            Object("v1", "ConfigMap", "cross-namespace", "default", OwnerReference(elsewhere)));

        await configMaps.NextAsync("DELETED", "ghost-owned");
        await configMaps.NextAsync("DELETED", "cross-namespace");
        server.Store.Get(FakeResource.ConfigMaps, "default", "cluster-owned").Should().NotBeNull(
            "a cluster-scoped owner is found cluster-wide (checked before the later dependents were collected)");

        var (status, _) = await SendAsync(client, HttpMethod.Delete,
            "/apis/apiregistration.k8s.io/v1/apiservices/v1.example.com");
        status.Should().Be(HttpStatusCode.OK);
        await configMaps.NextAsync("DELETED", "cluster-owned");
        server.Store.BackgroundErrors.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Kubectl_delete_deployment_collects_what_it_owns()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        using var client = env.Server.CreateClient(KubectlEnvironment.AdminToken);
        var web = await CreateAsync(client, Deployments, Object("apps/v1", "Deployment", "web", "default"));
        await CreateAsync(client, ConfigMaps, Object("v1", "ConfigMap", "web-config", "default", OwnerReference(web)));
        await using var configMaps = await HttpWatch.StartAsync(client, ConfigMaps, env.Store.ResourceVersion);

        (await env.RunAsync("delete", "deployment", "web")).EnsureSuccess().StdOut
            .Should().Contain("deployment.apps \"web\" deleted");

        await configMaps.NextAsync("DELETED", "web-config");
        (await env.RunAsync("get", "configmap", "web-config")).StdErr
            .Should().Contain("configmaps \"web-config\" not found");
    }

    private static Task<FakeApiServer> StartAsync() =>
        FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
}
