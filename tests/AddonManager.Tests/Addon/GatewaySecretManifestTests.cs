using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>The gateway Secret's wanted state and the write decision, without a server.</summary>
public sealed class GatewaySecretManifestTests
{
    private static readonly ClusterManagementAddOn Owner = new() { Metadata = new ObjectMeta { Name = "cluster-gateway", Uid = "cma-uid" } };

    [Fact]
    public void Build_DirectEgress_TokenCaEndpointAndLabels()
    {
        var secret = GatewaySecretManifest.Build("c1", Config(EgressTypes.Direct), Token("t1"), Cluster("https://c1:6443"), Owner);

        secret.Metadata.Namespace.Should().Be("creds");
        secret.Data!.Keys.Should().BeEquivalentTo("token", "ca.crt", "endpoint");
        Encoding.UTF8.GetString(secret.Data["endpoint"]).Should().Be("https://c1:6443");
        secret.Metadata.Labels!["cluster.core.oam.dev/cluster-endpoint-type"].Should().Be("Const");
    }

    [Fact]
    public void IsSatisfiedBy_UnmanagedKeysAndAnnotations_Ignored_ManagedKeyChange_Detected()
    {
        var desired = GatewaySecretManifest.Build("c1", Config(EgressTypes.Direct), Token("t1"), Cluster("https://c1:6443"), Owner);
        var live = Clone(desired);
        live.Data!["proxy-url"] = "socks5://p:1080"u8.ToArray();
        (live.Metadata.Annotations ??= [])["note"] = "user";

        GatewaySecretManifest.IsSatisfiedBy(live, desired).Should().BeTrue();

        var rotated = GatewaySecretManifest.Build("c1", Config(EgressTypes.Direct), Token("t2"), Cluster("https://c1:6443"), Owner);
        GatewaySecretManifest.IsSatisfiedBy(live, rotated).Should().BeFalse();
        var proxied = GatewaySecretManifest.Build("c1", Config(EgressTypes.ClusterProxy), Token("t1"), Cluster("https://c1:6443"), Owner);
        GatewaySecretManifest.IsSatisfiedBy(live, proxied).Should().BeFalse("the endpoint key and the endpoint-type label must go");
    }

    [Fact]
    public void Merge_KeepsUnmanagedKeysAndMetadata_DropsUnwantedManagedKeys()
    {
        var live = GatewaySecretManifest.Build("c1", Config(EgressTypes.Direct), Token("t1"), Cluster("https://c1:6443"), Owner);
        live.Metadata.ResourceVersion = "42";
        live.Data!["proxy-url"] = "socks5://p:1080"u8.ToArray();
        var desired = GatewaySecretManifest.Build("c1", Config(EgressTypes.ClusterProxy), Token("t2"), null, Owner);

        var merged = GatewaySecretManifest.Merge(live, desired);

        merged.Metadata.ResourceVersion.Should().Be("42");
        merged.Data!.Keys.Should().BeEquivalentTo("token", "ca.crt", "proxy-url");
        Encoding.UTF8.GetString(merged.Data["token"]).Should().Be("t2");
        merged.Metadata.OwnerReferences.Should().ContainSingle();
        GatewaySecretManifest.IsSatisfiedBy(merged, desired).Should().BeTrue();
        live.Data.Should().ContainKey("endpoint", "the live object is not mutated");
    }

    private static V1Alpha1ClusterGatewayConfiguration Config(string egress) => new()
    {
        Metadata = new ObjectMeta { Name = "gateway" },
        Spec = new ClusterGatewayConfigurationSpec { SecretNamespace = "creds", Egress = new ClusterGatewayEgress { Type = egress } },
    };

    private static Secret Token(string token) => new()
    {
        Data = new() { ["token"] = Encoding.UTF8.GetBytes(token), ["ca.crt"] = "ca"u8.ToArray(), ["namespace"] = "x"u8.ToArray() },
    };

    private static ManagedCluster Cluster(string url) => new()
    {
        Metadata = new ObjectMeta { Name = "c1" },
        Spec = new ManagedClusterSpec { ManagedClusterClientConfigs = [new ManagedClusterClientConfig { Url = url }] },
    };

    private static Secret Clone(Secret secret) =>
        JsonSerializer.Deserialize<Secret>(JsonSerializer.Serialize(secret, Kube.Json.KubeJson.Options), Kube.Json.KubeJson.Options)!;
}
