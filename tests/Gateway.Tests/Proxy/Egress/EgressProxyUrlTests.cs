using System.Net;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Connections;

namespace ClusterGateway.Gateway.Tests.Proxy.Egress;

/// <summary>How a <c>proxy-url</c> becomes the handler's proxy (<see cref="EgressProxy"/>).</summary>
public sealed class EgressProxyUrlTests
{
    [Theory]
    [InlineData("http://proxy.example:3128", "http://proxy.example:3128/")]
    [InlineData("http://proxy.example", "http://proxy.example/")]
    [InlineData("https://proxy.example", "https://proxy.example/")]
    [InlineData("socks5://proxy.example", "socks5://proxy.example:1080/")]
    [InlineData("socks5h://proxy.example:9050", "socks5://proxy.example:9050/")]
    [InlineData("SOCKS5://10.0.0.1:1081", "socks5://10.0.0.1:1081/")]
    public void Create_SupportedScheme_MapsToTheHandlersProxy(string url, string expected)
    {
        var proxy = EgressProxy.Create(url);

        proxy.Address!.ToString().Should().Be(expected);
        proxy.BypassProxyOnLocal.Should().BeFalse();
        proxy.Credentials.Should().BeNull();
    }

    [Fact]
    public void Create_UserInfo_BecomesTheCredentialAndLeavesTheAddress()
    {
        var proxy = EgressProxy.Create("http://us%3Aer:p%40ss:word@proxy.example:3128");

        proxy.Address!.ToString().Should().Be("http://proxy.example:3128/");
        var credential = (NetworkCredential)proxy.Credentials!;
        credential.UserName.Should().Be("us:er");
        credential.Password.Should().Be("p@ss:word");
    }

    [Theory]
    [InlineData("socks4://proxy.example:1080", "proxy-url scheme \"socks4\" is not supported (expected http, https, socks5 or socks5h)")]
    [InlineData("ftp://proxy.example", "proxy-url scheme \"ftp\" is not supported (expected http, https, socks5 or socks5h)")]
    [InlineData("proxy.example:3128", "proxy-url is not an absolute URL with a host")]
    [InlineData("not a url", "proxy-url is not an absolute URL with a host")]
    public void Create_UnsupportedUrl_Throws(string url, string message)
    {
        var create = () => EgressProxy.Create(url);

        create.Should().Throw<ClusterTransportException>().WithMessage(message);
    }
}
