using System.Text.Json;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Proxy.Credentials;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Credentials;

/// <summary>The ExecConfig and ExecCredential checks, worded like client-go and upstream.</summary>
public sealed class ExecCredentialParserTests
{
    private const string V1 = PluginScript.V1;

    [Theory]
    [InlineData("{}", "exec plugin didn't return a token or cert/key pair", true)]
    [InlineData("{\"token\":\"\"}", "exec plugin didn't return a token or cert/key pair", true)]
    [InlineData("{\"clientCertificateData\":\"x\"}", "exec plugin returned only certificate or key, not both", true)]
    [InlineData("{\"clientKeyData\":\"x\"}", "exec plugin returned only certificate or key, not both", true)]
    [InlineData("{\"token\":\"t\",\"expirationTimestamp\":\"tomorrow\"}",
        "decoding stdout: invalid status.expirationTimestamp \"tomorrow\"", true)]
    [InlineData("not json", "decoding stdout: *", false)]
    public void Parse_BadStatus_ThrowsClientGoWording(string status, string message, bool wrap)
    {
        var stdout = wrap ? $"{{\"apiVersion\":\"{V1}\",\"kind\":\"ExecCredential\",\"status\":{status}}}" : status;

        var parse = () => ExecCredentialParser.Parse(stdout, V1);

        parse.Should().Throw<ExecCredentialException>().WithMessage(message);
    }

    [Fact]
    public void Parse_WrongKind_Throws()
    {
        var parse = () => ExecCredentialParser.Parse($"{{\"apiVersion\":\"{V1}\",\"kind\":\"Secret\",\"status\":{{}}}}", V1);

        parse.Should().Throw<ExecCredentialException>().WithMessage("decoding stdout: kind \"Secret\" is not ExecCredential");
    }

    [Fact]
    public void Parse_MismatchedKeyPair_Throws()
    {
        using var ca = TestCertificateAuthority.Create();
        using var one = ca.IssueClientCertificate("one");
        using var two = ca.IssueClientCertificate("two");
        var (certificate, _) = TestCertificateAuthority.ExportPem(one);
        var (_, key) = TestCertificateAuthority.ExportPem(two);
        var stdout = PluginScript.Certificate(certificate, key).ToJsonString();

        var parse = () => ExecCredentialParser.Parse(stdout, V1);

        parse.Should().Throw<ExecCredentialException>().WithMessage("exec plugin returned an unusable client certificate: *");
    }

    [Fact]
    public void Parse_TokenWithExpiry_ReadsBoth()
    {
        var stdout = PluginScript.Token("abc", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero)).ToJsonString();

        var credential = ExecCredentialParser.Parse(stdout, V1);

        credential.Token.Should().Be("abc");
        credential.ExpiresAt.Should().Be(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        credential.CertificateHash.Should().BeNull();
    }

    [Theory]
    [InlineData("{\"command\":\"x\"}", "exec plugin: invalid apiVersion \"\"")]
    [InlineData("{\"command\":\"x\",\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\"}",
        "exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"")]
    [InlineData("{\"apiVersion\":\"client.authentication.k8s.io/v1\"}", "missing \"command\" property on exec config object")]
    [InlineData("{\"command\":\"x\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"interactiveMode\":\"Always\"}",
        "exec plugin cannot support interactive mode: standard input is not a terminal")]
    [InlineData("{\"command\":\"x\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"args\":\"no-list\"}",
        "failed to decode exec config JSON from secret data: *")]
    [InlineData("{\"command\":\"x\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"env\":[{\"value\":\"v\"}]}",
        "exec plugin: env[0] has no name")]
    public void From_UnusableConfig_Throws(string json, string message)
    {
        var from = () => ExecPlugin.From("c", JsonDocument.Parse(json).RootElement, null);

        from.Should().Throw<ExecCredentialException>().WithMessage(message);
    }

    [Fact]
    public void From_ProvideClusterInfo_DescribesTheClusterAndChangesTheKey()
    {
        var json = "{\"command\":\"x\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"provideClusterInfo\":true}";
        var endpoint = new ClusterEndpointConst
        {
            Address = "https://10.0.0.1:6443", CaBundle = [1, 2, 3], TlsServerName = "api.example", ProxyUrl = "socks5://p:1080",
        };

        var plugin = ExecPlugin.From("c", JsonDocument.Parse(json).RootElement, endpoint);
        var moved = ExecPlugin.From("c", JsonDocument.Parse(json).RootElement,
            new ClusterEndpointConst { Address = "https://10.0.0.2:6443" });

        JsonDocument.Parse(plugin.ExecInfo).RootElement.GetRawText().Should().Be(
            "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{\"interactive\":false," +
            "\"cluster\":{\"server\":\"https://10.0.0.1:6443\",\"tls-server-name\":\"api.example\"," +
            "\"certificate-authority-data\":\"AQID\",\"proxy-url\":\"socks5://p:1080\"}}}");
        moved.Key.Should().NotBe(plugin.Key);
    }
}
