using ClusterGateway.Gateway.Apiserver;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class AcceptNegotiationTests
{
    [Theory]
    [InlineData(null, "json")]
    [InlineData("", "json")]
    [InlineData("application/json", "json")]
    [InlineData("application/json, */*", "json")]
    [InlineData("*/*", "json")]
    [InlineData("application/*", "json")]
    [InlineData("Application/JSON; charset=utf-8", "json")]
    [InlineData(ApiTestServer.KubectlTableAccept, "table v1")]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1", "table v1")]
    [InlineData("application/json; as=Table; v=\"v1beta1\"; g=meta.k8s.io", "table v1beta1")]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "table v1beta1")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", "json")]
    [InlineData("application/json;as=Table;v=v1;g=other.io,application/json", "json")]
    [InlineData("application/json;as=table;v=v1;g=meta.k8s.io,application/json", "json")]
    [InlineData("application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io", "table v1")]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.1,application/json", "json")]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io;q=0", "406")]
    [InlineData("application/vnd.kubernetes.protobuf", "406")]
    [InlineData("text/html", "406")]
    [InlineData("*/*;as=Table;v=v1;g=meta.k8s.io", "406")]
    public void Negotiate_AcceptHeader_PicksFormat(string? accept, string expected)
    {
        var format = AcceptNegotiation.Negotiate([accept]);

        var actual = format is null ? "406" : format.AsTable ? $"table {format.TableVersion}" : "json";
        actual.Should().Be(expected);
    }

    [Fact]
    public void Negotiate_SeveralHeaderLines_AreJoined()
    {
        AcceptNegotiation.Negotiate(["application/vnd.kubernetes.protobuf", "application/json"]).Should().Be(ResponseFormat.Json);
    }
}
