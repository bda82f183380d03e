using ClusterGateway.Gateway.Proxy;

namespace ClusterGateway.Gateway.Tests.Proxy;

public sealed class ProxyHeadersTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Impersonate-User")]
    [InlineData("Impersonate-Extra-Scopes")]
    [InlineData("X-Remote-User")]
    [InlineData("x-remote-group")]
    [InlineData("Connection")]
    [InlineData("Keep-Alive")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Proxy-Authorization")]
    [InlineData("TE")]
    [InlineData("Host")]
    public void IsForwardedRequestHeader_IdentityAndHopByHop_AreDropped(string name) =>
        ProxyHeaders.IsForwardedRequestHeader(name).Should().BeFalse();

    [Theory]
    [InlineData("Accept")]
    [InlineData("Content-Type")]
    [InlineData("User-Agent")]
    [InlineData("X-Stream-Protocol-Version")]
    [InlineData("Sec-WebSocket-Protocol")]
    [InlineData("Kubectl-Command")]
    public void IsForwardedRequestHeader_Others_AreKept(string name) =>
        ProxyHeaders.IsForwardedRequestHeader(name).Should().BeTrue();

    [Theory]
    [InlineData("Transfer-Encoding", false)]
    [InlineData("Connection", false)]
    [InlineData("Content-Type", true)]
    [InlineData("Audit-Id", true)]
    [InlineData("Warning", true)]
    public void IsForwardedResponseHeader_DropsHopByHopOnly(string name, bool forwarded) =>
        ProxyHeaders.IsForwardedResponseHeader(name).Should().Be(forwarded);
}
