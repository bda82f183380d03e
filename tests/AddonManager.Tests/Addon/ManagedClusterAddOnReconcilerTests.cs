using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.TestSupport;
using static ClusterGateway.AddonManager.Tests.Addon.AddonObjects;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>
/// Issue 6 acceptance for the addon reconcilers: ManagedClusterAddOn → ManagedServiceAccount → token Secret → gateway
/// Secret, rotation, disabling, Manual secret management, user Secrets, <c>--install-all</c>; against a fake hub serving
/// the real OCM CRDs, with informers and controllers running.
/// </summary>
public sealed class ManagedClusterAddOnReconcilerTests
{
    private const string Ca = "-----BEGIN CERTIFICATE-----\nMIIBmanaged\n-----END CERTIFICATE-----\n";

    [Fact(Timeout = 60_000)]
    public async Task EnabledAddon_TokenReported_GatewaySecretWritten_RotationFollowed_DisablingRemovesIt()
    {
        await using var hub = await AddonHub.StartAsync(null,
            GatewayConfiguration("gateway", managedServiceAccountName: "cg-sa"),
            ManagedCluster("c1", "https://api.c1.example.com:6443"));
        var addon = hub.Store.Put(ManagedClusterAddOn("c1"));

        // A ManagedServiceAccount with the configured name (upstream always used cluster-gateway), owned by the addon.
        var msa = await hub.WaitForAsync(AddonHub.ManagedServiceAccounts, "c1", "cg-sa");
        msa["apiVersion"]!.GetValue<string>().Should().Be("authentication.open-cluster-management.io/v1beta1");
        msa["spec"]!["rotation"]!.ToJsonString().Should().Be("""{"enabled":true,"validity":"4320h0m0s"}""");
        Label(msa, AddonNames.ManagedByLabel).Should().Be(AddonNames.FieldManager);
        var owner = msa["metadata"]!["ownerReferences"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)owner["kind"], (string?)owner["name"], (string?)owner["uid"], (bool?)owner["controller"])
            .Should().Be(("ManagedClusterAddOn", "cluster-gateway", Uid(addon), true));
        await hub.WaitForEventAsync(AddonEventReasons.ManagedServiceAccountCreated, "cluster-gateway");

        // The agent reports the token in a Secret it names in the ManagedServiceAccount status (status first, so exactly
        // one reconcile finds the token and the write count below is exact).
        msa["status"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "cg-sa-token-x7" } };
        hub.Store.Put(AddonHub.ManagedServiceAccounts, msa);
        await hub.Logs.WaitForAsync(l => l.Contains("waiting for the token Secret cg-sa-token-x7", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "the reconciler to read the tokenSecretRef");
        hub.Store.Put(TokenSecret("c1", "cg-sa-token-x7", "token-1", Ca, owner: msa));

        var secret = await hub.WaitForAsync(FakeResource.Secrets, SecretNamespace, "c1");
        secret["type"]!.GetValue<string>().Should().Be("Opaque");
        secret["metadata"]!["labels"]!.AsObject().Select(l => (l.Key, (string?)l.Value)).Should().BeEquivalentTo(new[]
        {
            ("cluster.core.oam.dev/cluster-credential-type", "ServiceAccountToken"),
            ("cluster.core.oam.dev/cluster-endpoint-type", "Const"),
            (AddonNames.ManagedByLabel, AddonNames.FieldManager),
            (AddonNames.ClusterLabel, "c1"),
        });
        (Data(secret, "token"), Data(secret, "ca.crt"), Data(secret, "endpoint"))
            .Should().Be(("token-1", Ca, "https://api.c1.example.com:6443"));
        var cma = hub.Store.Get(AddonHub.ClusterManagementAddOns, null, "cluster-gateway")!;
        var secretOwner = secret["metadata"]!["ownerReferences"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)secretOwner["kind"], (string?)secretOwner["uid"]).Should().Be(("ClusterManagementAddOn", Uid(cma)));
        await hub.WaitForEventAsync(AddonEventReasons.GatewaySecretWritten, "cluster-gateway");

        // The real kubectl reads it as the gateway will.
        var directory = Directory.CreateTempSubdirectory("addon-tests-").FullName;
        KubectlResult kubectl;
        try
        {
            kubectl = await Kubectl.RunAsync(hub.Server.WriteKubeconfig(directory, AddonHub.Token),
                ["get", "secret", "-n", SecretNamespace, "c1", "-o", "jsonpath={.data.token}"], timeout: TestTimeouts.Default);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        kubectl.ExitCode.Should().Be(0, kubectl.StdErr);
        kubectl.StdOut.Should().Be(Base64("token-1"));

        // Rotation: the agent rewrites the token; the next reconcile copies it (one more write, no others).
        hub.Store.Put(TokenSecret("c1", "cg-sa-token-x7", "token-2", Ca, owner: msa));
        await hub.WaitForAsync(FakeResource.Secrets, SecretNamespace, "c1", s => Data(s, "token") == "token-2");
        hub.SecretWrites(SecretNamespace, "c1").Select(r => r.Method).Should().Equal("POST", "PUT");

        // Disabling the addon takes back the gateway Secret and the ManagedServiceAccount.
        hub.Store.Delete(AddonHub.ManagedClusterAddOns, "c1", "cluster-gateway");
        await hub.WaitGoneAsync(hub.Informers.GatewaySecrets, FakeResource.Secrets, SecretNamespace, "c1");
        await hub.WaitGoneAsync(hub.Informers.ManagedServiceAccounts, AddonHub.ManagedServiceAccounts, "c1", "cg-sa");
        // The agent's token Secret is not ours: the manager never deletes it; the garbage collector takes it with its
        // owner, the ManagedServiceAccount (as on a real hub).
        await hub.WaitGoneAsync(hub.Informers.TokenSecrets, FakeResource.Secrets, "c1", "cg-sa-token-x7");
        hub.Server.Requests.Snapshot().Should().NotContain(r => r.Method == "DELETE" &&
            r.Path == "/api/v1/namespaces/c1/secrets/cg-sa-token-x7", "the agent's Secret is not ours");
    }

    [Fact(Timeout = 30_000)]
    public async Task DefaultSecretManagement_ClusterProxyEgress_NamedClusterGateway_LabelledClusterProxyWithoutEndpoint()
    {
        var configuration = GatewayConfiguration("gateway", egress: "ClusterProxy");
        configuration["spec"]!.AsObject().Remove("secretManagement");
        await using var hub = await AddonHub.StartAsync(null, configuration, ManagedCluster("c1"), ManagedClusterAddOn("c1"),
            TokenSecret("c1", "cluster-gateway", "token-1", Ca));

        // No tokenSecretRef yet: the token Secret is looked up under the ManagedServiceAccount's name.
        await hub.WaitForAsync(AddonHub.ManagedServiceAccounts, "c1", "cluster-gateway");
        var secret = await hub.WaitForAsync(FakeResource.Secrets, SecretNamespace, "c1");

        Label(secret, "cluster.core.oam.dev/cluster-endpoint-type").Should().Be("ClusterProxy");
        (Data(secret, "token"), Data(secret, "endpoint")).Should().Be(("token-1", null));
    }

    [Fact(Timeout = 30_000)]
    public async Task ManualSecretManagement_CreatesNothing()
    {
        await using var hub = await AddonHub.StartAsync(new AddonOptions(InstallAll: true),
            GatewayConfiguration("gateway", secretManagement: "Manual"), ManagedCluster("c1"),
            TokenSecret("c1", "cluster-gateway", "token-1", Ca));

        await hub.Logs.WaitForAsync(l => l.Contains("Cluster c1: secret management is Manual", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "the reconcile of c1 to reach the Manual decision");

        hub.Store.Get(AddonHub.ManagedClusterAddOns, "c1", "cluster-gateway").Should().NotBeNull("install-all still enables the addon");
        hub.Store.List(AddonHub.ManagedServiceAccounts).Should().BeEmpty();
        hub.Store.Get(FakeResource.Secrets, SecretNamespace, "c1").Should().BeNull();
        hub.SecretWrites(SecretNamespace, "c1").Should().BeEmpty();
    }

    [Fact(Timeout = 30_000)]
    public async Task UserOwnedSecret_NeverOverwritten_WarningEvent()
    {
        var user = Secret(SecretNamespace, "c1", new() { ["token"] = "users-own", ["endpoint"] = "https://user.example.com" },
            new JsonObject { ["cluster.core.oam.dev/cluster-credential-type"] = "ServiceAccountToken" });
        await using var hub = await AddonHub.StartAsync(null, GatewayConfiguration("gateway"), ManagedCluster("c1"),
            ManagedClusterAddOn("c1"), TokenSecret("c1", "cluster-gateway", "token-1", Ca), user);
        var before = hub.Store.Get(FakeResource.Secrets, SecretNamespace, "c1")!;

        var warning = await hub.WaitForEventAsync(AddonEventReasons.SecretConflict, "cluster-gateway");

        ((string?)warning["type"], (string?)warning["involvedObject"]!["kind"]).Should().Be(("Warning", "ManagedClusterAddOn"));
        ((string?)warning["message"]).Should().Contain($"{SecretNamespace}/c1");
        var after = hub.Store.Get(FakeResource.Secrets, SecretNamespace, "c1")!;
        after["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(before["metadata"]!["resourceVersion"]!.GetValue<string>());
        Data(after, "token").Should().Be("users-own");
        // Only refused creates (a later reconcile may try again): never an update, patch or delete.
        hub.SecretWrites(SecretNamespace, "c1").Select(r => r.Method).Should().NotBeEmpty().And.AllBe("POST");
    }

    [Fact(Timeout = 30_000)]
    public async Task InstallAll_CreatesAddonInEveryManagedClusterNamespace()
    {
        await using var hub = await AddonHub.StartAsync(new AddonOptions(InstallAll: true),
            GatewayConfiguration("gateway"), ManagedCluster("c1"), ManagedCluster("c2"));

        foreach (var cluster in new[] { "c1", "c2" })
        {
            var addon = await hub.WaitForAsync(AddonHub.ManagedClusterAddOns, cluster, "cluster-gateway");
            ((string?)addon["spec"]!["installNamespace"]).Should().Be("open-cluster-management-agent-addon");
            await hub.WaitForAsync(AddonHub.ManagedServiceAccounts, cluster, "cluster-gateway");
        }

        hub.Store.Put(AddonObjects.Namespace("c3"));
        hub.Store.Put(ManagedCluster("c3"));
        await hub.WaitForAsync(AddonHub.ManagedClusterAddOns, "c3", "cluster-gateway");
        await hub.WaitForEventAsync(AddonEventReasons.ManagedClusterAddOnCreated, "cluster-gateway");
    }

    [Fact(Timeout = 30_000)]
    public async Task WithoutInstallAll_ManagedClusterAlone_GetsNoAddon()
    {
        await using var hub = await AddonHub.StartAsync(null, GatewayConfiguration("gateway"), ManagedCluster("c1"),
            ManagedCluster("c2"), ManagedClusterAddOn("c2"));

        // c2 (enabled) proves the clusters were reconciled; c1 is left alone.
        await hub.WaitForAsync(AddonHub.ManagedServiceAccounts, "c2", "cluster-gateway");
        await hub.Logs.WaitForAsync(l => l.Contains("Cluster c2: applied ManagedServiceAccount", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "c2's reconcile");
        hub.Store.Get(AddonHub.ManagedClusterAddOns, "c1", "cluster-gateway").Should().BeNull();
        hub.Store.List(AddonHub.ManagedServiceAccounts, "c1").Should().BeEmpty();
    }

    [Fact(Timeout = 30_000)]
    public async Task LeftoversAtStartup_AddonGone_OurSecretAndServiceAccountRemoved_OthersKept()
    {
        var ours = new JsonObject
        {
            [AddonNames.ManagedByLabel] = AddonNames.FieldManager,
            [AddonNames.ClusterLabel] = "gone",
            ["cluster.core.oam.dev/cluster-credential-type"] = "ServiceAccountToken",
        };
        var leftoverMsa = new JsonObject
        {
            ["apiVersion"] = "authentication.open-cluster-management.io/v1beta1",
            ["kind"] = "ManagedServiceAccount",
            ["metadata"] = new JsonObject
            {
                ["name"] = "cluster-gateway", ["namespace"] = "gone",
                ["labels"] = new JsonObject { [AddonNames.ManagedByLabel] = AddonNames.FieldManager },
            },
            ["spec"] = new JsonObject { ["rotation"] = new JsonObject { ["enabled"] = true } },
        };
        var foreignMsa = leftoverMsa.DeepClone().AsObject();
        foreignMsa["metadata"]!["name"] = "someone-elses";
        foreignMsa["metadata"]!.AsObject().Remove("labels");
        await using var hub = await AddonHub.StartAsync(null, GatewayConfiguration("gateway"),
            Secret(SecretNamespace, "gone", new() { ["token"] = "t" }, ours), leftoverMsa, foreignMsa,
            Secret(SecretNamespace, "manual", new() { ["token"] = "t" },
                new JsonObject { ["cluster.core.oam.dev/cluster-credential-type"] = "ServiceAccountToken" }));

        await hub.WaitGoneAsync(hub.Informers.GatewaySecrets, FakeResource.Secrets, SecretNamespace, "gone");
        await hub.WaitGoneAsync(hub.Informers.ManagedServiceAccounts, AddonHub.ManagedServiceAccounts, "gone", "cluster-gateway");

        hub.Store.Get(AddonHub.ManagedServiceAccounts, "gone", "someone-elses").Should().NotBeNull();
        hub.Store.Get(FakeResource.Secrets, SecretNamespace, "manual").Should().NotBeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task SecretNamespaceNotCreatedYet_RetriedQuietly_SecretWrittenWhenItAppears()
    {
        // The installation creates the secret namespace; a cluster reconciled before that must wait, not fail.
        await using var hub = await AddonHub.StartAsync(null, withSecretNamespace: false,
            GatewayConfiguration("gateway"), ManagedCluster("c1", "https://api.c1.example.com:6443"));
        hub.Store.Put(ManagedClusterAddOn("c1"));
        await hub.WaitForAsync(AddonHub.ManagedServiceAccounts, "c1", "cluster-gateway");
        hub.Store.Put(TokenSecret("c1", "cluster-gateway", "token-1", Ca));

        await hub.Logs.WaitForAsync(l => l.Contains($"Namespace {SecretNamespace} does not exist yet", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "the create to meet the missing namespace");
        hub.Store.Put(Namespace(SecretNamespace));

        var secret = await hub.WaitForAsync(FakeResource.Secrets, SecretNamespace, "c1");
        Data(secret, "token").Should().Be("token-1");
        hub.SecretWrites(SecretNamespace, "c1").Select(r => r.Method).Should().Equal("POST", "POST");
        hub.Store.List(FakeResource.Events).Where(e => (string?)e["type"] == "Warning")
            .Select(e => $"{e["reason"]}: {e["message"]}").Should().BeEmpty("a namespace still being installed is not a failure");
    }
}
