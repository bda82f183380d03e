using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.Crds.Tests.SecretConversion;

/// <summary>
/// A ClusterProxy Secret keeps its CA, insecure opt-in and tls-server-name in memory (to verify TLS inside the
/// tunnel) while its JSON stays upstream's <c>{type: ClusterProxy}</c>.
/// </summary>
public sealed class ClusterProxyTunnelTlsTests
{
    private static ClusterEndpoint Endpoint(SecretBuilder builder)
    {
        var result = ClusterGatewaySecretConverter.Convert(builder
            .Label(SecretKeys.EndpointTypeLabel, "ClusterProxy").WithoutData(SecretKeys.Endpoint).Build());
        result.Error.Should().BeNull();
        return result.Gateway!.Spec.Access.Endpoint;
    }

    [Fact]
    public void Convert_ClusterProxyWithCa_KeepsTheCaOutsideTheJson()
    {
        var endpoint = Endpoint(SecretBuilder.Token().Data(SecretKeys.CaCrt, TestPem.CaCertificate));

        endpoint.Tunnel!.CaBundle.Should().Equal(TestPem.Bytes(TestPem.CaCertificate));
        endpoint.Tunnel.Insecure.Should().BeNull();
        endpoint.Const.Should().BeNull();
        System.Text.Json.JsonSerializer.Serialize(endpoint, KubeJson.Options).Should().Be("""{"type":"ClusterProxy"}""");
    }

    [Fact]
    public void Convert_ClusterProxyInsecureAndServerName_AreKept()
    {
        var endpoint = Endpoint(SecretBuilder.Token().WithoutData(SecretKeys.CaCrt)
            .Data(SecretKeys.InsecureSkipTlsVerify, "true").Data(SecretKeys.TlsServerName, "apiserver.internal"));

        endpoint.Tunnel!.CaBundle.Should().BeNull();
        endpoint.Tunnel.Insecure.Should().BeTrue();
        endpoint.Tunnel.TlsServerName.Should().Be("apiserver.internal");
    }

    [Fact]
    public void Convert_ClusterProxyWithGarbageCa_IsAnError()
    {
        var result = ClusterGatewaySecretConverter.Convert(SecretBuilder.Token()
            .Label(SecretKeys.EndpointTypeLabel, "ClusterProxy").WithoutData(SecretKeys.Endpoint)
            .Data(SecretKeys.CaCrt, "not a certificate").Build());

        result.Error.Should().Contain(SecretKeys.CaCrt);
    }
}
