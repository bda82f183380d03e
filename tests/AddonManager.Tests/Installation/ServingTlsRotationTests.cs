using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Tests.Certificates;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>Signer rotation through the reconciler: trust leads use, and the old CA leaves only after the overlap.</summary>
public sealed class ServingTlsRotationTests
{
    private const string InstallNs = "vela-system";

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_SignerRenewalDue_BundlesBothCasBeforeServingTheNewCertificateThenDropsTheOld()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        hub.SetReadyReplicas(InstallNs, 3);
        await hub.ReconcileAsync();
        var oldCa = InstallationHarness.Text(Signer(hub), "tls.crt");

        hub.Clock.Advance(hub.Policy.SignerValidity * hub.Policy.RenewAtFraction + TimeSpan.FromMinutes(1));
        hub.Server.Requests.Clear();
        var result = await hub.ReconcileAsync();

        var signer = Signer(hub);
        var newCa = InstallationHarness.Text(signer, "tls.crt");
        TlsAssertions.Thumbprint(newCa).Should().NotBe(TlsAssertions.Thumbprint(oldCa));
        TlsAssertions.Thumbprint(InstallationHarness.Text(signer, "previous-ca.crt")).Should().Be(TlsAssertions.Thumbprint(oldCa));
        var bundle = TlsAssertions.BundleCertificates(CaBundle(hub));
        bundle.Select(c => c.Thumbprint).Should().BeEquivalentTo(
            [TlsAssertions.Thumbprint(newCa), TlsAssertions.Thumbprint(oldCa)]);
        var serving = Serving(hub);
        TlsAssertions.ChainRoot(serving, bundle, hub.Clock.GetUtcNow())!.Thumbprint.Should().Be(TlsAssertions.Thumbprint(newCa));

        var requests = hub.Server.Requests.Snapshot().ToList();
        var bundleWrite = requests.FindIndex(r => r.Method == "PATCH" && r.Path.Contains("/apiservices/", StringComparison.Ordinal));
        var servingWrite = requests.FindIndex(r => r.Method == "PUT" && r.Path.EndsWith("/secrets/cluster-gateway-tls-cert", StringComparison.Ordinal));
        bundleWrite.Should().BeGreaterThanOrEqualTo(0);
        servingWrite.Should().BeGreaterThan(bundleWrite, "the aggregator must trust the new CA before the gateway serves its certificate");
        result.RequeueAfterDelay.Should().BeLessThanOrEqualTo(hub.Policy.RotationOverlap + hub.Policy.ClockSkew,
            "the previous CA is dropped when the overlap ends");

        hub.Clock.Advance(hub.Policy.RotationOverlap + hub.Policy.ClockSkew);
        await hub.ReconcileAsync();

        Signer(hub)["data"]!.AsObject().ContainsKey("previous-ca.crt").Should().BeFalse();
        TlsAssertions.BundleCertificates(CaBundle(hub)).Select(c => c.Thumbprint).Should().Equal(TlsAssertions.Thumbprint(newCa));
        TlsAssertions.Thumbprint(Serving(hub).CertificatePem).Should().Be(TlsAssertions.Thumbprint(serving.CertificatePem),
            "the serving certificate of the new CA is kept");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_ServingRenewalDue_ReissuesWithTheSameSigner()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        var ca = InstallationHarness.Text(Signer(hub), "tls.crt");
        var first = Serving(hub);

        hub.Clock.Advance(hub.Policy.ServingValidity * hub.Policy.RenewAtFraction + TimeSpan.FromMinutes(1));
        await hub.ReconcileAsync();

        InstallationHarness.Text(Signer(hub), "tls.crt").Should().Be(ca);
        var second = Serving(hub);
        TlsAssertions.Thumbprint(second.CertificatePem).Should().NotBe(TlsAssertions.Thumbprint(first.CertificatePem));
        TlsAssertions.ChainRoot(second, TlsAssertions.BundleCertificates(ca), hub.Clock.GetUtcNow()).Should().NotBeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_UpstreamSignerSecret_IsTakenOverKeepingItsKeys()
    {
        await using var hub = await InstallationHarness.StartAsync();
        hub.Store.Put(FakeResource.Namespaces, new() { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = InstallationHarness.ManagerNamespace } });
        hub.Store.Put(FakeResource.Secrets, new()
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = InstallationHarness.SignerSecret,
                ["namespace"] = InstallationHarness.ManagerNamespace,
            },
            ["type"] = "Opaque",
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["ca.crt"] = "dXBzdHJlYW0=", ["ca.key"] = "dXBzdHJlYW0=" },
        });
        hub.PutConfiguration(DesiredFixtures.Direct());

        await hub.ReconcileAsync();

        var data = Signer(hub)["data"]!.AsObject();
        data.Select(p => p.Key).Should().BeEquivalentTo("ca.crt", "ca.key", "tls.crt", "tls.key");
        TlsAssertions.ChainRoot(Serving(hub), TlsAssertions.BundleCertificates(InstallationHarness.Text(Signer(hub), "tls.crt")),
            hub.Clock.GetUtcNow()).Should().NotBeNull();
    }

    private static System.Text.Json.Nodes.JsonObject Signer(InstallationHarness hub) =>
        hub.Secret(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret)!;

    private static ServingCertState Serving(InstallationHarness hub)
    {
        var secret = hub.Secret(InstallNs, "cluster-gateway-tls-cert")!;
        return new ServingCertState(InstallationHarness.Text(secret, "tls.crt"), InstallationHarness.Text(secret, "tls.key"));
    }

    private static string CaBundle(InstallationHarness hub) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            hub.Store.Get(FakeResource.ApiServices, null, "v1alpha1.cluster.core.oam.dev")!["spec"]!["caBundle"]!.GetValue<string>()));
}
