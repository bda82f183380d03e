using ClusterGateway.Gateway.FanOut;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>The pure parts of a fan-out: query split, Accept narrowing, Warning header text.</summary>
public sealed class FanOutUnitTests
{
    [Fact]
    public void Query_GatewayParametersTakenOff_RestKeptRaw_PositionsReplacedPerCluster()
    {
        var query = FanOutQuery.Parse("?labelSelector=app%3Dx&clusterSelector=env%3Dprod&partial=false&limit=5&continue=cg1.x&a=1&a=2");

        query.ClusterSelector.Should().Be("env=prod");
        query.Partial.Should().Be("false");
        query.Limit.Should().Be("5");
        query.Continue.Should().Be("cg1.x");
        query.Forwarded.Should().Be("?labelSelector=app%3Dx&limit=5&continue=cg1.x&a=1&a=2");
        query.For(null, "own/token", "2").Should().Be("?labelSelector=app%3Dx&a=1&a=2&continue=own%2Ftoken&limit=2");
        query.For("42", null, null).Should().Be("?labelSelector=app%3Dx&a=1&a=2&resourceVersion=42");
        FanOutQuery.Parse("").Forwarded.Should().BeEmpty();
    }

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", "application/json")]
    [InlineData("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io", "application/json")]
    [InlineData("", "application/json")]
    public void Accept_NarrowedToJson(string accept, string expected) => FanOutAccept.Narrow(accept).Should().Be(expected);

    [Fact]
    public void Warning_QuotedOneLineAscii()
    {
        var failure = new FanOutFailure("c3", Status.Failure(503, "ServiceUnavailable", "say \"no\"\nnow \\ é"));

        failure.WarningHeader.Should().Be("299 - \"cluster c3: say \\\"no\\\" now \\\\ ?\"");
    }
}
