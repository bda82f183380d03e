using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;

namespace ClusterGateway.Crds.Tests.SecretConversion;

/// <summary>The upstream samples (<c>hack/samples/*.yaml</c>), with real PEM data, convert as documented.</summary>
public sealed class SampleSecretTests
{
    [Fact]
    public void Convert_ServiceAccountTokenSample_IsValidConstTokenCluster()
    {
        var result = ClusterGatewaySecretConverter.Convert(SampleSecrets.Load("cluster-gateway-secret-serviceaccount-token.yaml"));

        result.Error.Should().BeNull();
        result.Name.Should().Be("foo1");
        var access = result.Gateway!.Spec.Access;
        access.Endpoint.Const!.Address.Should().Be("https://127.0.0.1:6443");
        access.Endpoint.Const.CaBundle.Should().Equal(TestPem.Bytes(TestPem.CaCertificate));
        access.Credential!.ServiceAccountToken.Should().Be(TestPem.Token);
    }

    [Fact]
    public void Convert_X509Sample_IsValidConstX509Cluster()
    {
        var result = ClusterGatewaySecretConverter.Convert(SampleSecrets.Load("cluster-gateway-secret-x509.yaml"));

        result.Error.Should().BeNull();
        var credential = result.Gateway!.Spec.Access.Credential!;
        credential.Type.Should().Be("X509Certificate");
        credential.X509!.Certificate.Should().Equal(TestPem.Bytes(TestPem.ClientCertificate));
        credential.X509.PrivateKey.Should().Equal(TestPem.Bytes(TestPem.ClientKey));
    }

    [Fact]
    public void Convert_ClusterProxySample_IsValidWithoutEndpoint()
    {
        var result = ClusterGatewaySecretConverter.Convert(SampleSecrets.Load("clusterproxy-secret.yaml"));

        result.Error.Should().BeNull();
        result.Gateway!.Spec.Access.Endpoint.Type.Should().Be("ClusterProxy");
        result.Gateway.Spec.Access.Endpoint.Const.Should().BeNull();
    }

    [Fact]
    public void Convert_OcmSampleWithoutOcmIntegration_IsInvalidForMissingEndpoint()
    {
        var result = ClusterGatewaySecretConverter.Convert(SampleSecrets.Load("ocm-secret.yaml"));

        result.IsCluster.Should().BeTrue();
        result.Error.Should().Be("Secret open-cluster-management-credentials/foo1: data key \"endpoint\" is missing or " +
            "empty (required for endpoint type Const)");
    }

    [Fact]
    public void Convert_LocalModeStringDataSample_MergesStringDataAndReadsHealth()
    {
        var result = ClusterGatewaySecretConverter.Convert(SampleSecrets.Load("local-mode-stringdata-secret.yaml"));

        result.Error.Should().BeNull();
        var gateway = result.Gateway!;
        gateway.Spec.Access.Endpoint.Const!.Address.Should().Be("https://10.0.0.1:6443/prefix");
        gateway.Spec.Access.Endpoint.Const.ProxyUrl.Should().Be("socks5://127.0.0.1:1080");
        gateway.Spec.Access.Credential!.ServiceAccountToken.Should().Be(TestPem.Token);
        gateway.Status.Healthy.Should().BeTrue();
        gateway.Status.HealthyReason.Should().BeNull();
    }
}
