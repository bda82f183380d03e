using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;
using static ClusterGateway.Kube.Tests.Fidelity.Lifecycle.ApiCalls;

namespace ClusterGateway.Kube.Tests.Fidelity.Lifecycle;

/// <summary>
/// Namespaces in the fake hub: DELETE makes them Terminating, the namespace controller empties them (honouring
/// finalizers) and then removes them; no new content meanwhile (403) nor in a missing namespace (404).
/// </summary>
public sealed class NamespaceLifecycleTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_deleted_namespace_terminates_refuses_new_content_and_goes_once_empty()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        using var client = server.CreateClient();
        await CreateAsync(client, "/api/v1/namespaces", Object("v1", "Namespace", "team-a", null));
        var held = Object("v1", "ConfigMap", "held", "team-a");
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await CreateAsync(client, "/api/v1/namespaces/team-a/configmaps", held);
        await CreateAsync(client, "/api/v1/namespaces/team-a/secrets", Object("v1", "Secret", "plain", "team-a"));
        await using var configMaps = await HttpWatch.StartAsync(client, "/api/v1/namespaces/team-a/configmaps",
            server.Store.ResourceVersion);
        await using var secrets = await HttpWatch.StartAsync(client, "/api/v1/namespaces/team-a/secrets",
            server.Store.ResourceVersion);
        await using var namespaces = await HttpWatch.StartAsync(client, "/api/v1/namespaces",
            server.Store.ResourceVersion);

        var (status, terminating) = await SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/team-a");

        status.Should().Be(HttpStatusCode.OK);
        terminating["status"]!["phase"]!.GetValue<string>().Should().Be("Terminating");
        terminating["metadata"]!["deletionTimestamp"].Should().NotBeNull();
        terminating["spec"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("kubernetes");
        await secrets.NextAsync("DELETED", "plain");
        await configMaps.NextAsync("MODIFIED", "held", o => o["metadata"]!["deletionTimestamp"] is not null);
        server.Store.Get(FakeResource.Namespaces, null, "team-a")!["status"]!["phase"]!.GetValue<string>()
            .Should().Be("Terminating", "an object with a finalizer still holds it");

        var (refused, refusal) = await SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/team-a/configmaps",
            Object("v1", "ConfigMap", "late", "team-a"));
        refused.Should().Be(HttpStatusCode.Forbidden);
        refusal["reason"]!.GetValue<string>().Should().Be("Forbidden");
        refusal["message"]!.GetValue<string>().Should().Be(
            "configmaps \"late\" is forbidden: unable to create new content in namespace team-a because it is being terminated");
        refusal["details"]!["causes"]![0]!["reason"]!.GetValue<string>().Should().Be("NamespaceTerminating");

        (status, _) = await SendAsync(client, HttpMethod.Patch, "/api/v1/namespaces/team-a/configmaps/held",
            new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, "application/merge-patch+json");
        status.Should().Be(HttpStatusCode.OK);
        await configMaps.NextAsync("DELETED", "held");
        await namespaces.NextAsync("DELETED", "team-a");
        server.Store.BackgroundErrors.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task Creating_in_a_missing_namespace_is_not_found_unless_the_option_is_off()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        using var client = server.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/nope/configmaps",
            Object("v1", "ConfigMap", "cm", "nope"));
        status.Should().Be(HttpStatusCode.NotFound);
        body["message"]!.GetValue<string>().Should().Be("namespaces \"nope\" not found");

        (status, body) = await SendAsync(client, HttpMethod.Patch,
            "/api/v1/namespaces/nope/configmaps/cm?fieldManager=test",
            Object("v1", "ConfigMap", "cm", "nope"), "application/apply-patch+yaml");
        status.Should().Be(HttpStatusCode.NotFound, "a server-side apply that creates is a create");
        body["message"]!.GetValue<string>().Should().Be("namespaces \"nope\" not found");

        (status, body) = await SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/default");
        status.Should().Be(HttpStatusCode.Forbidden);
        body["message"]!.GetValue<string>().Should().Be(
            "namespaces \"default\" is forbidden: this namespace may not be deleted");

        await using var lenient = await FakeApiServer.StartAsync(
            new FakeApiServerOptions { AllowAnonymous = true, NamespaceMustExist = false });
        using var lenientClient = lenient.CreateClient();
        await CreateAsync(lenientClient, "/api/v1/namespaces/nope/configmaps", Object("v1", "ConfigMap", "cm", "nope"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Kubectl_create_in_a_terminating_namespace_prints_the_refusal()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        (await env.RunAsync("create", "namespace", "team-a")).EnsureSuccess();
        env.Store.ApplyYaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: held, namespace: team-a, finalizers: [example.com/hold]}
            """);

        (await env.RunAsync("delete", "namespace", "team-a", "--wait=false")).EnsureSuccess();
        var refused = await env.RunAsync("create", "configmap", "late", "-n", "team-a");

        refused.ExitCode.Should().NotBe(0);
        refused.StdErr.Should().Contain(
            "configmaps \"late\" is forbidden: unable to create new content in namespace team-a because it is being terminated");
        (await env.RunAsync("get", "namespace", "team-a", "-o", "jsonpath={.status.phase}")).EnsureSuccess().StdOut
            .Should().Be("Terminating");
    }
}
