using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;

namespace ClusterGateway.Crds.Tests.SecretConversion;

public sealed class HealthAnnotationTests
{
    [Theory]
    [InlineData(null, null, true, false, null)]
    [InlineData("true", null, true, true, null)]
    [InlineData("True", "", true, true, null)]
    [InlineData("1", "ok", true, true, "ok")]
    [InlineData("t", null, true, true, null)]
    [InlineData("false", "ConnectionTimeout", true, false, "ConnectionTimeout")]
    [InlineData("F", null, true, false, null)]
    [InlineData(null, "CertificateMismatch", true, false, "CertificateMismatch")]
    [InlineData("yes", "ignored", true, false, "Unknown: invalid healthy annotation \"yes\"")]
    [InlineData("tRuE", null, true, false, "Unknown: invalid healthy annotation \"tRuE\"")]
    [InlineData("", null, true, false, "Unknown: invalid healthy annotation \"\"")]
    [InlineData("true", "ok", false, false, null)]
    [InlineData("yes", null, false, false, null)]
    public void Convert_HealthAnnotations_SetStatusAndNeverInvalidateTheCluster(
        string? healthy, string? reason, bool readHealth, bool expectedHealthy, string? expectedReason)
    {
        var builder = SecretBuilder.Token();
        if (healthy is not null)
        {
            builder.Annotation(SecretKeys.HealthyAnnotation, healthy);
        }

        if (reason is not null)
        {
            builder.Annotation(SecretKeys.HealthyReasonAnnotation, reason);
        }

        var result = ClusterGatewaySecretConverter.Convert(builder.Build(), new SecretConversionOptions { ReadHealth = readHealth });

        result.Error.Should().BeNull();
        result.Gateway!.Status.Healthy.Should().Be(expectedHealthy);
        result.Gateway.Status.HealthyReason.Should().Be(expectedReason);
    }

    [Theory]
    [InlineData("1", true, true)]
    [InlineData("t", true, true)]
    [InlineData("T", true, true)]
    [InlineData("TRUE", true, true)]
    [InlineData("true", true, true)]
    [InlineData("True", true, true)]
    [InlineData("0", true, false)]
    [InlineData("f", true, false)]
    [InlineData("F", true, false)]
    [InlineData("FALSE", true, false)]
    [InlineData("false", true, false)]
    [InlineData("False", true, false)]
    [InlineData("yes", false, false)]
    [InlineData(" true", false, false)]
    [InlineData("", false, false)]
    [InlineData(null, false, false)]
    public void TryParse_GoParseBoolInputs_MatchStrconv(string? text, bool ok, bool expected)
    {
        GoBool.TryParse(text, out var value).Should().Be(ok);
        value.Should().Be(expected);
    }
}
