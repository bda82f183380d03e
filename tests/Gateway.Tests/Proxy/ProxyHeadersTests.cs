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

    [Theory]
    [InlineData(null, "127.0.0.1", "127.0.0.1")]
    [InlineData("203.0.113.7", "::ffff:10.1.2.3", "203.0.113.7, 10.1.2.3")]
    [InlineData("a, b", "::1", "a, b, ::1")]
    [InlineData("203.0.113.7", null, "203.0.113.7")]
    public void ForwardedFor_AppendsThePeerAsGo(string? prior, string? peer, string expected) =>
        ProxyHeaders.ForwardedFor(prior is null ? default : new Microsoft.Extensions.Primitives.StringValues(prior),
            peer is null ? null : System.Net.IPAddress.Parse(peer)).Should().Be(expected);

    [Fact]
    public void ForwardedFor_NothingToSay_Null() => ProxyHeaders.ForwardedFor(default, null).Should().BeNull();

    [Fact]
    public void ConnectionNamed_TokensOfEveryLine_CaseInsensitive()
    {
        var named = ProxyHeaders.ConnectionNamed(new Microsoft.Extensions.Primitives.StringValues(["keep-alive, X-A", " x-b ,,"]));

        named.Should().HaveCount(3).And.Contain("KEEP-ALIVE").And.Contain("x-a").And.Contain("X-B");
    }
}
