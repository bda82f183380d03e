using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.AddonManager.Tests.Desired;

/// <summary>Sample configurations (as upstream's chart renders them) and JSON helpers.</summary>
internal static class DesiredFixtures
{
    public const string Uid = "0f4c5b6e-1111-2222-3333-444455556666";

    public static V1Alpha1ClusterGatewayConfiguration Direct() => new()
    {
        Metadata = new ObjectMeta { Name = "cluster-gateway", Uid = Uid, Generation = 1 },
        Spec = new ClusterGatewayConfigurationSpec
        {
            Image = "oamdev/cluster-gateway:v1.9.0",
            InstallNamespace = "vela-system",
            SecretNamespace = "open-cluster-management-credentials",
            Egress = new ClusterGatewayEgress { Type = EgressTypes.Direct },
        },
    };

    public static V1Alpha1ClusterGatewayConfiguration ClusterProxy()
    {
        var configuration = Direct();
        configuration.Spec.Egress = new ClusterGatewayEgress
        {
            Type = EgressTypes.ClusterProxy,
            ClusterProxy = new ClusterGatewayClusterProxy
            {
                ProxyServerHost = "proxy-entrypoint.open-cluster-management-addon",
                ProxyServerPort = 8090,
                Credentials = new ClusterGatewayProxyCredentials
                {
                    Namespace = "open-cluster-management-addon",
                    ProxyClientCASecretName = "my-proxy-ca",
                    ProxyClientSecretName = "my-proxy-client",
                },
            },
        };
        return configuration;
    }

    public static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    public static void ShouldBeOwnedByConfiguration(JsonObject manifest)
    {
        var references = manifest["metadata"]!["ownerReferences"]!.AsArray();
        references.Should().ContainSingle();
        var reference = references[0]!;
        reference["apiVersion"]!.GetValue<string>().Should().Be("proxy.open-cluster-management.io/v1alpha1");
        reference["kind"]!.GetValue<string>().Should().Be("ClusterGatewayConfiguration");
        reference["name"]!.GetValue<string>().Should().Be("cluster-gateway");
        reference["uid"]!.GetValue<string>().Should().Be(Uid);
        reference["controller"]!.GetValue<bool>().Should().BeTrue();
    }
}
