using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;
using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Crds.Tests.SecretConversion;

public sealed class ClusterGatewaySecretConverterValidTests
{
    private static V1Alpha1ClusterGateway Valid(SecretBuilder builder)
    {
        var result = ClusterGatewaySecretConverter.Convert(builder.Build());
        result.Error.Should().BeNull();
        result.IsCluster.Should().BeTrue();
        return result.Gateway!;
    }

    [Theory]
    [InlineData("https://127.0.0.1:6443\n", "https://127.0.0.1:6443")]
    [InlineData("  https://h.example:6443  \r\n", "https://h.example:6443")]
    [InlineData("https://h.example/prefix/", "https://h.example/prefix/")]
    [InlineData("http://127.0.0.1:8001/k8s/clusters/c1", "http://127.0.0.1:8001/k8s/clusters/c1")]
    [InlineData("https://[::1]:6443", "https://[::1]:6443")]
    public void Convert_ConstEndpoint_AddressIsTrimmedAndKeepsItsPath(string endpoint, string expected)
    {
        var gateway = Valid(SecretBuilder.Token().Data(SecretKeys.Endpoint, endpoint));

        gateway.Spec.Access.Endpoint.Type.Should().Be("Const");
        gateway.Spec.Access.Endpoint.Const!.Address.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Const")]
    public void Convert_EndpointTypeAbsentEmptyOrConst_IsConst(string? label)
    {
        var builder = label is null ? SecretBuilder.Token().WithoutLabel(SecretKeys.EndpointTypeLabel)
            : SecretBuilder.Token().Label(SecretKeys.EndpointTypeLabel, label);

        Valid(builder).Spec.Access.Endpoint.Type.Should().Be("Const");
    }

    [Fact]
    public void Convert_ClusterProxy_NeedsNoEndpointAndHasNoConstPart()
    {
        var gateway = Valid(SecretBuilder.Token().Label(SecretKeys.EndpointTypeLabel, "ClusterProxy")
            .WithoutData(SecretKeys.Endpoint).Data(SecretKeys.ProxyUrl, "ignored"));

        gateway.Spec.Access.Endpoint.Type.Should().Be("ClusterProxy");
        gateway.Spec.Access.Endpoint.Const.Should().BeNull();
        gateway.Spec.Access.Credential!.ServiceAccountToken.Should().Be(TestPem.Token);
    }

    [Fact]
    public void Convert_NoCa_VerifiesAgainstSystemRootsNotInsecure()
    {
        var endpoint = Valid(SecretBuilder.Token().WithoutData(SecretKeys.CaCrt)).Spec.Access.Endpoint.Const!;

        endpoint.CaBundle.Should().BeNull();
        endpoint.Insecure.Should().BeNull();
    }

    [Theory]
    [InlineData(true, false, "ca.crt")]
    [InlineData(false, true, "ca")]
    [InlineData(true, true, "ca.crt")]
    public void Convert_CaKeys_CaCrtPreferredThenCa(bool caCrt, bool ca, string expectedKey)
    {
        var builder = SecretBuilder.Token().WithoutData(SecretKeys.CaCrt);
        if (caCrt)
        {
            builder.Data(SecretKeys.CaCrt, TestPem.CaCertificate);
        }

        if (ca)
        {
            builder.Data(SecretKeys.Ca, TestPem.CaCertificate + "\n" + TestPem.ClientCertificate);
        }

        var expected = expectedKey == "ca" ? TestPem.CaCertificate + "\n" + TestPem.ClientCertificate : TestPem.CaCertificate;
        Valid(builder).Spec.Access.Endpoint.Const!.CaBundle.Should().Equal(TestPem.Bytes(expected));
    }

    [Fact]
    public void Convert_EmptyCaCrtAndCa_UsesCa()
    {
        var gateway = Valid(SecretBuilder.Token().Data(SecretKeys.CaCrt, "").Data(SecretKeys.Ca, TestPem.CaCertificate));

        gateway.Spec.Access.Endpoint.Const!.CaBundle.Should().Equal(TestPem.Bytes(TestPem.CaCertificate));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("true\n", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", null)]
    [InlineData("0", null)]
    public void Convert_InsecureSkipTlsVerify_SetsInsecureOnlyWhenTrue(string value, bool? expected)
    {
        Valid(SecretBuilder.Token().Data(SecretKeys.InsecureSkipTlsVerify, value))
            .Spec.Access.Endpoint.Const!.Insecure.Should().Be(expected);
    }

    [Theory]
    [InlineData("http://proxy.example:3128")]
    [InlineData("https://user:pass@proxy.example")]
    [InlineData("socks5://127.0.0.1:1080")]
    [InlineData("socks5h://proxy.internal:1080")]
    public void Convert_ProxyUrl_IsCopiedToConst(string proxyUrl)
    {
        Valid(SecretBuilder.Token().Data(SecretKeys.ProxyUrl, proxyUrl + "\n"))
            .Spec.Access.Endpoint.Const!.ProxyUrl.Should().Be(proxyUrl);
    }

    [Fact]
    public void Convert_TlsServerName_IsCopiedToConst()
    {
        Valid(SecretBuilder.Token().Data(SecretKeys.TlsServerName, "kubernetes.default.svc"))
            .Spec.Access.Endpoint.Const!.TlsServerName.Should().Be("kubernetes.default.svc");
    }

    [Fact]
    public void Convert_ServiceAccountToken_TokenTrimmed()
    {
        var credential = Valid(SecretBuilder.Token()).Spec.Access.Credential!;

        credential.Type.Should().Be("ServiceAccountToken");
        credential.ServiceAccountToken.Should().Be(TestPem.Token);
        credential.X509.Should().BeNull();
    }

    [Fact]
    public void Convert_X509Certificate_CopiesCertificateAndKeyBytes()
    {
        var credential = Valid(SecretBuilder.X509()).Spec.Access.Credential!;

        credential.Type.Should().Be("X509Certificate");
        credential.X509!.Certificate.Should().Equal(TestPem.Bytes(TestPem.ClientCertificate));
        credential.X509.PrivateKey.Should().Equal(TestPem.Bytes(TestPem.ClientKey));
        credential.ServiceAccountToken.Should().BeNull();
    }
}
