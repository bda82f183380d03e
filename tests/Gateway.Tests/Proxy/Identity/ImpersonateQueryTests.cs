using ClusterGateway.Gateway.Proxy.Identity;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

public sealed class ImpersonateQueryTests
{
    [Theory]
    [InlineData("?impersonate=true", true)]
    [InlineData("?watch=1&impersonate=true", true)]
    [InlineData("?impersonate=True", false)]
    [InlineData("?impersonate=false", false)]
    [InlineData("?impersonate=false&impersonate=true", false)]
    [InlineData("?impersonate", false)]
    [InlineData("?impersonat%65=true", true)]
    [InlineData("", false)]
    public void IsRequested_FirstValueExactlyTrue_LikeUpstream(string query, bool expected) =>
        ImpersonateQuery.IsRequested(query).Should().Be(expected);

    [Theory]
    [InlineData("?impersonate=true", "")]
    [InlineData("?command=ls&impersonate=true&command=-l", "?command=ls&command=-l")]
    [InlineData("?impersonate=true&impersonate=false&labelSelector=a%3Db", "?labelSelector=a%3Db")]
    [InlineData("?fieldSelector=metadata.name%3Dx&watch=1", "?fieldSelector=metadata.name%3Dx&watch=1")]
    [InlineData("?impersonated=true", "?impersonated=true")]
    [InlineData("", "")]
    public void Without_RemovesOnlyImpersonate_RestByteForByte(string query, string expected) =>
        ImpersonateQuery.Without(query).Should().Be(expected);
}
