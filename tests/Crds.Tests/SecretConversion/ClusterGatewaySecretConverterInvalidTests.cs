using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;

namespace ClusterGateway.Crds.Tests.SecretConversion;

public sealed class ClusterGatewaySecretConverterInvalidTests
{
    [Theory]
    [MemberData(nameof(InvalidSecretCases.Names), MemberType = typeof(InvalidSecretCases))]
    public void Convert_BrokenSecret_ReturnsInvalidClusterWithErrorNamingTheProblem(string caseName)
    {
        var (build, expected) = InvalidSecretCases.All[caseName];

        var result = ClusterGatewaySecretConverter.Convert(build().Build());

        result.IsCluster.Should().BeTrue();
        result.Gateway.Should().BeNull();
        result.IsValid.Should().BeFalse();
        result.Name.Should().Be("foo");
        result.Error.Should().StartWith("Secret open-cluster-management-credentials/foo: ").And.Contain(expected);
    }

    [Fact]
    public void Convert_TokenMissing_ErrorIsExactlyTheDocumentedMessage()
    {
        var result = ClusterGatewaySecretConverter.Convert(SecretBuilder.Token().WithoutData(SecretKeys.Token).Build());

        result.Error.Should().Be("Secret open-cluster-management-credentials/foo: data key \"token\" is missing or empty " +
            "(required for credential type ServiceAccountToken)");
    }

    [Fact]
    public void Convert_SeveralProblems_ErrorListsEveryProblem()
    {
        var secret = SecretBuilder.X509().WithoutData(SecretKeys.Endpoint).WithoutData(SecretKeys.TlsKey)
            .Data(SecretKeys.ProxyUrl, "ftp://p").Build();

        var result = ClusterGatewaySecretConverter.Convert(secret);

        result.Error.Should().Contain("data key \"endpoint\" is missing or empty")
            .And.Contain("; data key \"proxy-url\" has scheme \"ftp\"")
            .And.Contain("; data key \"tls.key\" is missing or empty");
    }

    [Fact]
    public void Convert_EmptyName_IsInvalid()
    {
        var secret = SecretBuilder.Token().Build();
        secret.Metadata.Name = null;

        var result = ClusterGatewaySecretConverter.Convert(secret);

        result.Error.Should().Contain("metadata.name is empty");
        result.Name.Should().BeEmpty();
    }

    [Fact]
    public void Convert_ProxyUrlWithCredentials_ErrorDoesNotEchoTheValue()
    {
        var secret = SecretBuilder.Token().Data(SecretKeys.ProxyUrl, "ftp://user:s3cret@proxy:21").Build();

        var result = ClusterGatewaySecretConverter.Convert(secret);

        result.Error.Should().NotContain("s3cret");
    }

    [Fact]
    public void Convert_NoMetadataNamespace_SourceIsTheName()
    {
        var secret = SecretBuilder.Token().WithoutData(SecretKeys.Token).Build();
        secret.Metadata.Namespace = null;

        ClusterGatewaySecretConverter.Convert(secret).Error.Should().StartWith("Secret foo: ");
    }
}
