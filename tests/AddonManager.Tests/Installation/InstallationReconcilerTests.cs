using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Installation;
using ClusterGateway.AddonManager.Tests.Certificates;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>The installation round against a fake hub: what is applied, when the APIService appears, idempotence, drift.</summary>
public sealed class InstallationReconcilerTests
{
    private const string InstallNs = "vela-system";
    private const string SecretNs = "open-cluster-management-credentials";

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_NewConfiguration_AppliesInstallationButNoApiServiceUntilReady()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());

        var result = await hub.ReconcileAsync();

        var store = hub.Store;
        store.Get(FakeResource.Namespaces, null, InstallNs).Should().NotBeNull();
        store.Get(FakeResource.Namespaces, null, SecretNs).Should().NotBeNull();
        store.Get(FakeResource.ServiceAccounts, InstallNs, "cluster-gateway").Should().NotBeNull();
        store.Get(FakeResource.Services, InstallNs, "cluster-gateway").Should().NotBeNull();
        store.Get(InstallationHarness.Roles, SecretNs, "cluster-gateway").Should().NotBeNull();
        store.Get(InstallationHarness.RoleBindings, "kube-system", "extension-apiserver-authentication-reader:cluster-gateway")
            .Should().NotBeNull();
        store.Get(InstallationHarness.ClusterRoleBindings, null, "cluster-gateway:system:auth-delegator").Should().NotBeNull();
        var deployment = store.Get(FakeResource.Deployments, InstallNs, "gateway-deployment");
        deployment.Should().NotBeNull();
        deployment!["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>()
            .Should().Be(hub.Configuration().Metadata.Uid);
        store.Get(FakeResource.ApiServices, null, "v1alpha1.cluster.core.oam.dev").Should().BeNull(
            "an APIService without a ready backend breaks discovery for the whole hub");

        var signer = hub.Secret(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret)!;
        signer["type"]!.GetValue<string>().Should().Be("Opaque");
        signer["metadata"]!["ownerReferences"].Should().BeNull("the signer outlives configurations");
        var serving = hub.Secret(InstallNs, "cluster-gateway-tls-cert")!;
        serving["type"]!.GetValue<string>().Should().Be("kubernetes.io/tls");
        DesiredFixturesOwner(serving).Should().Be(hub.Configuration().Metadata.Uid);
        var servingState = new ServingCertState(InstallationHarness.Text(serving, "tls.crt"), InstallationHarness.Text(serving, "tls.key"));
        TlsAssertions.DnsNames(servingState).Should().BeEquivalentTo(
            "cluster-gateway", "cluster-gateway.vela-system", "cluster-gateway.vela-system.svc",
            "cluster-gateway.vela-system.svc.cluster.local");
        using var ca = X509Certificate2.CreateFromPem(InstallationHarness.Text(signer, "tls.crt"));
        TlsAssertions.ChainRoot(servingState, [ca], hub.Clock.GetUtcNow())!.Thumbprint.Should().Be(ca.Thumbprint);

        var configuration = store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        configuration["status"]!["lastObservedGeneration"]!.GetValue<long>().Should().Be(1);
        var deployed = InstallationHarness.Condition(configuration, InstallationConditions.Deployed);
        deployed["status"]!.GetValue<string>().Should().Be("True");
        deployed["reason"]!.GetValue<string>().Should().Be(InstallationConditions.Applied);
        var available = InstallationHarness.Condition(configuration, InstallationConditions.Available);
        available["status"]!.GetValue<string>().Should().Be("False");
        available["reason"]!.GetValue<string>().Should().Be(InstallationConditions.DeploymentNotReady);
        result.RequeueAfterDelay.Should().Be(InstallationReconciler.NotReadyRecheck);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_ImageChanged_RollsTheDeploymentAndStatusFollowsTheGeneration()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        var before = hub.Store.Get(FakeResource.Deployments, InstallNs, "gateway-deployment")!;
        var hashBefore = (string?)before["spec"]!["template"]!["metadata"]!["annotations"]!["proxy.open-cluster-management.io/spec-hash"];

        var stored = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        stored["spec"]!["image"] = "oamdev/cluster-gateway:v2.0.0";
        hub.Store.Put(InstallationHarness.Configurations, stored);
        await hub.ReconcileAsync();

        var after = hub.Store.Get(FakeResource.Deployments, InstallNs, "gateway-deployment")!;
        ((string?)after["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).Should().Be("oamdev/cluster-gateway:v2.0.0");
        ((string?)after["spec"]!["template"]!["metadata"]!["annotations"]!["proxy.open-cluster-management.io/spec-hash"])
            .Should().NotBe(hashBefore, "a new pod template hash is what rolls the pods");
        var configuration = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        var generation = configuration["metadata"]!["generation"]!.GetValue<long>();
        generation.Should().Be(2, "the spec changed once");
        configuration["status"]!["lastObservedGeneration"]!.GetValue<long>().Should().Be(generation);
        InstallationHarness.Condition(configuration, InstallationConditions.Deployed)["observedGeneration"]!.GetValue<long>()
            .Should().Be(generation);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_ReplicaReady_RegistersApiServiceTrustingTheServingCertificate()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        hub.SetReadyReplicas(InstallNs, 1);

        var result = await hub.ReconcileAsync();

        var apiService = hub.Store.Get(FakeResource.ApiServices, null, "v1alpha1.cluster.core.oam.dev")!;
        apiService["spec"]!["service"]!["namespace"]!.GetValue<string>().Should().Be(InstallNs);
        var bundle = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(apiService["spec"]!["caBundle"]!.GetValue<string>()));
        var serving = hub.Secret(InstallNs, "cluster-gateway-tls-cert")!;
        var servingState = new ServingCertState(InstallationHarness.Text(serving, "tls.crt"), InstallationHarness.Text(serving, "tls.key"));
        TlsAssertions.ChainRoot(servingState, TlsAssertions.BundleCertificates(bundle), hub.Clock.GetUtcNow())
            .Should().NotBeNull("the aggregator verifies the gateway with caBundle");
        var available = InstallationHarness.Condition(hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!,
            InstallationConditions.Available);
        available["status"]!.GetValue<string>().Should().Be("True");
        available["reason"]!.GetValue<string>().Should().Be(InstallationConditions.DeploymentReady);
        result.RequeueAfterDelay.Should().Be(ServingTls.MaxRecheck, "the next renewal is months away");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_Converged_WritesNothing()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        hub.SetReadyReplicas(InstallNs, 3);
        await hub.ReconcileAsync();
        await hub.ReconcileAsync();
        var before = hub.Store.ResourceVersion;
        hub.Server.Requests.Clear();

        await hub.ReconcileAsync();

        hub.Store.ResourceVersion.Should().Be(before, "an idle round changes no object");
        hub.Server.Requests.Snapshot().Should().NotContain(r => r.Method == "PUT" || r.Method == "POST");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_ObjectsEditedOrDeleted_RestoresThemWithoutNewKeys()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        var signerVersion = hub.Secret(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret)!["metadata"]!["resourceVersion"]!
            .GetValue<string>();
        var deployment = hub.Store.Get(FakeResource.Deployments, InstallNs, "gateway-deployment")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "evil/image:latest";
        hub.Store.Put(FakeResource.Deployments, deployment);
        hub.Store.Delete(FakeResource.Secrets, InstallNs, "cluster-gateway-tls-cert");
        hub.Store.Delete(FakeResource.Services, InstallNs, "cluster-gateway");

        await hub.ReconcileAsync();

        hub.Store.Get(FakeResource.Deployments, InstallNs, "gateway-deployment")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!
            .GetValue<string>().Should().Be(DesiredFixtures.Direct().Spec.Image);
        hub.Store.Get(FakeResource.Services, InstallNs, "cluster-gateway").Should().NotBeNull();
        hub.Secret(InstallNs, "cluster-gateway-tls-cert").Should().NotBeNull();
        hub.Secret(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret)!["metadata"]!["resourceVersion"]!
            .GetValue<string>().Should().Be(signerVersion, "a lost serving certificate is reissued by the same CA");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_ApplyFails_RecordsApplyFailedAndThrowsForRetry()
    {
        await using var hub = await InstallationHarness.StartAsync(async context =>
        {
            if (context.Request.Method != "PATCH" || !context.Request.Path.Value!.Contains("/deployments/", StringComparison.Ordinal))
            {
                return false;
            }

            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(KubeStatus.Failure(500, "InternalError", "etcd is on fire").ToJsonString());
            return true;
        });
        hub.PutConfiguration(DesiredFixtures.Direct());

        var act = () => hub.ReconcileAsync();

        await act.Should().ThrowAsync<Kube.Client.KubeApiException>();
        var deployed = InstallationHarness.Condition(hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!,
            InstallationConditions.Deployed);
        deployed["status"]!.GetValue<string>().Should().Be("False");
        deployed["reason"]!.GetValue<string>().Should().Be(InstallationConditions.ApplyFailed);
        deployed["message"]!.GetValue<string>().Should().Contain("etcd is on fire");
    }

    private static string DesiredFixturesOwner(JsonObject obj)
    {
        var references = obj["metadata"]!["ownerReferences"]!.AsArray();
        references.Should().ContainSingle();
        references[0]!["kind"]!.GetValue<string>().Should().Be("ClusterGatewayConfiguration");
        references[0]!["controller"]!.GetValue<bool>().Should().BeTrue();
        return references[0]!["uid"]!.GetValue<string>();
    }
}
