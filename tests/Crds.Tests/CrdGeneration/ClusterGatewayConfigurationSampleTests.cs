using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// The upstream sample (<c>assets/clustergatewayconfiguration.yaml</c>) round-trips through
/// <see cref="V1Alpha1ClusterGatewayConfiguration"/> and validates against the generated schema.
/// </summary>
public sealed class ClusterGatewayConfigurationSampleTests
{
    private static JsonObject Sample() =>
        YamlJson.ParseObject(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "assets", "clustergatewayconfiguration.yaml")));

    private static JsonObject GeneratedSchema()
    {
        var crd = YamlJson.ParseObject(CrdGenerator.GenerateAll()[0].Yaml);
        return crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
    }

    [Fact]
    public void Deserialize_UpstreamSample_ReadsEveryField()
    {
        var config = Sample().Deserialize<V1Alpha1ClusterGatewayConfiguration>(KubeJson.Options)!;

        config.Metadata.Name.Should().Be("cluster-gateway");
        config.Spec.Image.Should().Be("oamdev/cluster-gateway:v1.1.6.ocm");
        config.Spec.InstallNamespace.Should().Be("open-cluster-management-addon");
        config.Spec.SecretNamespace.Should().Be("open-cluster-management-credentials");
        config.Spec.SecretManagement.Should().BeNull();
        config.Spec.Egress.Type.Should().Be(EgressTypes.ClusterProxy);
        var proxy = config.Spec.Egress.ClusterProxy!;
        proxy.ProxyServerHost.Should().Be("proxy-entrypoint.open-cluster-management-addon");
        proxy.ProxyServerPort.Should().Be(8090);
        proxy.Credentials.Namespace.Should().Be("open-cluster-management-addon");
        proxy.Credentials.ProxyClientCASecretName.Should().Be("proxy-server-ca");
        proxy.Credentials.ProxyClientSecretName.Should().Be("proxy-client");
    }

    [Fact]
    public void Serialize_UpstreamSample_RoundTripsUnchanged()
    {
        var sample = Sample();
        var config = sample.Deserialize<V1Alpha1ClusterGatewayConfiguration>(KubeJson.Options)!;

        var written = JsonSerializer.SerializeToNode(config, KubeJson.Options);

        JsonNode.DeepEquals(written, sample).Should().BeTrue($"round trip changed the object: {written!.ToJsonString()}");
    }

    [Fact]
    public void Validate_UpstreamSample_IsValidWithoutSecretManagement()
    {
        // The upstream CRD lists spec.secretManagement as required, yet the upstream sample omits it, so an apiserver
        // would reject upstream's own sample; ours keeps it optional (defaulted in code) and accepts the sample as-is.
        SchemaValidator.Validate(Sample(), GeneratedSchema()).Should().BeEmpty();
    }

    [Fact]
    public void Validate_SampleWithSecretManagement_IsValid()
    {
        var sample = Sample();
        sample["spec"]!["secretManagement"] = new JsonObject { ["type"] = "ManagedServiceAccount" };

        SchemaValidator.Validate(sample, GeneratedSchema()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("secretManagement", "type", "Automatic", ".spec.secretManagement.type: \"Automatic\" not in enum")]
    [InlineData("egress", "type", "Tunnel", ".spec.egress.type: \"Tunnel\" not in enum")]
    [InlineData("egress", "bogus", "x", ".spec.egress.bogus: unknown field")]
    public void Validate_InvalidField_ReportsPath(string parent, string field, string value, string expected)
    {
        var sample = Sample();
        sample["spec"]!["secretManagement"] = new JsonObject { ["type"] = "Manual" };
        sample["spec"]![parent]![field] = value;

        SchemaValidator.Validate(sample, GeneratedSchema()).Should().ContainSingle().Which.Should().StartWith(expected);
    }

    [Fact]
    public void Validate_PortAsString_ReportsType()
    {
        var sample = Sample();
        sample["spec"]!["secretManagement"] = new JsonObject();
        sample["spec"]!["egress"]!["clusterProxy"]!["proxyServerPort"] = "8090";

        SchemaValidator.Validate(sample, GeneratedSchema()).Should()
            .Equal(".spec.egress.clusterProxy.proxyServerPort: expected integer, got String");
    }
}
