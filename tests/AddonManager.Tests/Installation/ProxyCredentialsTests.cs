using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Installation;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>ClusterProxy egress: the credential Secrets are copied where the Deployment mounts them.</summary>
public sealed class ProxyCredentialsTests
{
    private const string SourceNs = "open-cluster-management-addon";

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_CredentialsMissing_ReportsThemThenCopiesOnceTheyExist()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.ClusterProxy());

        var result = await hub.ReconcileAsync();

        var deployed = InstallationHarness.Condition(hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!,
            InstallationConditions.Deployed);
        deployed["reason"]!.GetValue<string>().Should().Be(InstallationConditions.ProxyCredentialsMissing);
        deployed["message"]!.GetValue<string>().Should().Contain($"{SourceNs}/my-proxy-ca").And.Contain($"{SourceNs}/my-proxy-client");
        result.RequeueAfterDelay.Should().Be(InstallationReconciler.NotReadyRecheck);
        hub.Store.Get(FakeResource.Deployments, "vela-system", "gateway-deployment").Should().NotBeNull(
            "the rest of the installation does not wait for the credentials");

        hub.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = SourceNs } });
        hub.Store.Put(FakeResource.Secrets, Source("my-proxy-ca", "ca.crt", "Y2E="));
        hub.Store.Put(FakeResource.Secrets, Source("my-proxy-client", "tls.crt", "Y2VydA=="));
        await hub.ReconcileAsync();

        var copy = hub.Secret("vela-system", "my-proxy-client")!;
        copy["data"]!["tls.crt"]!.GetValue<string>().Should().Be("Y2VydA==");
        copy["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>().Should().Be("ClusterGatewayConfiguration");
        hub.Secret("vela-system", "my-proxy-ca")!["data"]!["ca.crt"]!.GetValue<string>().Should().Be("Y2E=");
        InstallationHarness.Condition(hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!,
            InstallationConditions.Deployed)["status"]!.GetValue<string>().Should().Be("True");

        hub.Store.Put(FakeResource.Secrets, Source("my-proxy-client", "tls.crt", "cmVuZXdlZA=="));
        await hub.ReconcileAsync();

        hub.Secret("vela-system", "my-proxy-client")!["data"]!["tls.crt"]!.GetValue<string>().Should().Be("cmVuZXdlZA==",
            "a renewed source replaces the copy");
    }

    private static JsonObject Source(string name, string key, string base64) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = SourceNs },
        ["type"] = "Opaque",
        ["data"] = new JsonObject { [key] = base64 },
    };
}
