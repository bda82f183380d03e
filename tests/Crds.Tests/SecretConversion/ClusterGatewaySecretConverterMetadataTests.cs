using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;

namespace ClusterGateway.Crds.Tests.SecretConversion;

public sealed class ClusterGatewaySecretConverterMetadataTests
{
    [Fact]
    public void Convert_NoCredentialTypeLabel_IsNotAClusterAndNotAnError()
    {
        var secret = SecretBuilder.Token().WithoutLabel(SecretKeys.CredentialTypeLabel).Data(SecretKeys.Endpoint, "?").Build();

        var result = ClusterGatewaySecretConverter.Convert(secret);

        result.Should().Be(new SecretConversionResult("foo", null, null, IsCluster: false));
    }

    [Fact]
    public void Convert_NoLabelsAtAll_IsNotACluster()
    {
        var secret = SecretBuilder.Token().Build();
        secret.Metadata.Labels = null;

        ClusterGatewaySecretConverter.Convert(secret).IsCluster.Should().BeFalse();
    }

    [Fact]
    public void Convert_Metadata_CopiesNameUidCreationTimestampResourceVersionOnly()
    {
        var secret = SecretBuilder.Token().Annotation("a", "b").Build();
        secret.Metadata.Generation = 3;
        secret.Metadata.Finalizers = ["f"];

        var metadata = ClusterGatewaySecretConverter.Convert(secret).Gateway!.Metadata;

        metadata.Name.Should().Be("foo");
        metadata.Uid.Should().Be(secret.Metadata.Uid);
        metadata.CreationTimestamp.Should().Be(secret.Metadata.CreationTimestamp);
        metadata.ResourceVersion.Should().Be("42");
        metadata.Namespace.Should().BeNull();
        metadata.Labels.Should().BeNull();
        metadata.Annotations.Should().BeNull();
        metadata.Generation.Should().BeNull();
        metadata.Finalizers.Should().BeNull();
        metadata.Extra.Should().BeNull();
    }

    [Fact]
    public void Convert_ApiVersionAndKind_AreClusterGateway()
    {
        var gateway = ClusterGatewaySecretConverter.Convert(SecretBuilder.Token().Build()).Gateway!;

        gateway.ApiVersion.Should().Be("cluster.core.oam.dev/v1alpha1");
        gateway.Kind.Should().Be("ClusterGateway");
        gateway.Spec.Provider.Should().BeEmpty();
    }

    [Fact]
    public void Convert_StringData_IsMergedOverData()
    {
        var secret = SecretBuilder.Token().StringData(SecretKeys.Endpoint, "https://from-string-data:6443\n")
            .StringData(SecretKeys.Token, "string-data-token").WithoutData(SecretKeys.CaCrt)
            .StringData(SecretKeys.CaCrt, TestPem.CaCertificate).Build();

        var access = ClusterGatewaySecretConverter.Convert(secret).Gateway!.Spec.Access;

        access.Endpoint.Const!.Address.Should().Be("https://from-string-data:6443");
        access.Endpoint.Const.CaBundle.Should().Equal(TestPem.Bytes(TestPem.CaCertificate));
        access.Credential!.ServiceAccountToken.Should().Be("string-data-token");
    }

    [Fact]
    public void Convert_NullOptions_ReadsHealthByDefault()
    {
        var secret = SecretBuilder.Token().Annotation(SecretKeys.HealthyAnnotation, "true").Build();

        ClusterGatewaySecretConverter.Convert(secret, null).Gateway!.Status.Healthy.Should().BeTrue();
        SecretConversionOptions.Default.ReadHealth.Should().BeTrue();
    }

    [Fact]
    public void Convert_NullSecret_Throws()
    {
        var act = () => ClusterGatewaySecretConverter.Convert(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Convert_Dynamic_KeepsExecConfigInMemoryWithoutRunningIt()
    {
        var credential = ClusterGatewaySecretConverter.Convert(SecretBuilder.Dynamic().Build()).Gateway!.Spec.Access.Credential!;

        credential.Type.Should().Be("Dynamic");
        credential.ExecConfig!.Value.GetProperty("command").GetString().Should().Be("get-token");
        credential.ServiceAccountToken.Should().BeNull();
    }
}
