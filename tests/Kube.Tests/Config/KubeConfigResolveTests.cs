using System.Text;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Kube.Tests.Config;

public sealed class KubeConfigResolveTests
{
    private readonly KubeConfig _config = KubeConfigLoader.Load(Assets.Path("kubeconfig.yml"));

    [Theory]
    [InlineData("inline", "https://inline.example.com:6443/")]
    [InlineData("files", "https://files.example.com/k8s/clusters/c-1")]
    [InlineData("token", "https://10.0.0.7:6443/")]
    [InlineData("exec", "https://inline.example.com:6443/")]
    public void Resolve_Context_FindsItsServer(string context, string server) =>
        KubeConfigLoader.Resolve(_config, context).Server.Should().Be(new Uri(server));

    [Fact]
    public void Resolve_NoName_UsesCurrentContext()
    {
        var context = KubeConfigLoader.Resolve(_config);

        context.ContextName.Should().Be("inline");
        context.ClusterName.Should().Be("inline-cluster");
        context.UserName.Should().Be("inline-user");
        context.Namespace.Should().Be("team-a");
    }

    [Fact]
    public void Resolve_InlineData_IsDecoded()
    {
        var context = KubeConfigLoader.Resolve(_config, "inline");

        context.CertificateAuthorityPem.Should().Equal(Assets.Bytes("certs", "ca.crt"));
        context.ClientCertificatePem.Should().Equal(Assets.Bytes("certs", "client.crt"));
        context.ClientKeyPem.Should().Equal(Assets.Bytes("certs", "client.key"));
        context.Token.Should().BeNull();
    }

    [Fact]
    public void Resolve_FileReferences_AreRead()
    {
        var context = KubeConfigLoader.Resolve(_config, "files");

        context.CertificateAuthorityPem.Should().Equal(Assets.Bytes("certs", "ca.crt"));
        context.ClientCertificatePem.Should().Equal(Assets.Bytes("certs", "client.crt"));
        context.ClientKeyPem.Should().Equal(Assets.Bytes("certs", "client.key"));
        context.Namespace.Should().BeNull();
    }

    [Fact]
    public void Resolve_InsecureTokenContext_CarriesTlsAndProxySettings()
    {
        var context = KubeConfigLoader.Resolve(_config, "token");

        context.Token.Should().Be("static-token");
        context.InsecureSkipTlsVerify.Should().BeTrue();
        context.TlsServerName.Should().Be("api.internal");
        context.ProxyUrl.Should().Be(new Uri("socks5://proxy.example.com:1080"));
        context.CertificateAuthorityPem.Should().BeNull();
    }

    [Fact]
    public void Resolve_TokenFile_WinsOverInlineToken()
    {
        var context = KubeConfigLoader.Resolve(_config, "tokenfile");

        context.Token.Should().Be("fixture-token-from-file");
        context.TokenFile.Should().Be(Assets.Path("token.txt"));
    }

    [Fact]
    public void Resolve_DataAndFileBothSet_DataWins()
    {
        var context = KubeConfigLoader.Resolve(_config, "both");

        context.CertificateAuthorityPem.Should().Equal(Assets.Bytes("certs", "ca.crt"));
    }

    [Fact]
    public void Resolve_ContextWithoutUser_IsAnonymous()
    {
        var context = KubeConfigLoader.Resolve(_config, "anonymous");

        context.UserName.Should().BeEmpty();
        context.Token.Should().BeNull();
        context.ClientCertificatePem.Should().BeNull();
        context.Exec.Should().BeNull();
    }

    [Theory]
    [InlineData("ghost", "context \"ghost\" not found in kubeconfig (contexts: \"inline\", \"files\"*")]
    [InlineData("missing-user", "context \"missing-user\": user \"ghost\" not found in kubeconfig")]
    [InlineData("missing-cluster", "context \"missing-cluster\": cluster \"ghost\" not found in kubeconfig")]
    [InlineData("no-cluster", "context \"no-cluster\" names no cluster")]
    [InlineData("no-server", "context \"no-server\": cluster \"no-server-cluster\" has no server")]
    [InlineData("bad-proxy", "*proxy-url \"ftp://nope\" is not an http, https or socks5 URL")]
    [InlineData("ca-and-insecure", "*cluster \"ca-and-insecure-cluster\": specifying a root certificates file with the insecure flag is not allowed")]
    [InlineData("cert-only", "context \"cert-only\": user \"cert-only-user\": client-certificate is set but client-key(-data) is missing")]
    [InlineData("bad-base64", "context \"bad-base64\": user \"bad-base64-user\": client-certificate-data is not valid base64")]
    [InlineData("missing-file", "context \"missing-file\": user \"missing-file-user\": tokenFile \"*nowhere/token\" cannot be read*")]
    public void Resolve_BrokenContext_ThrowsNamingTheProblem(string context, string message)
    {
        var act = () => KubeConfigLoader.Resolve(_config, context);

        act.Should().Throw<KubeConfigException>().WithMessage(message);
    }

    [Fact]
    public void Resolve_NoCurrentContext_Throws()
    {
        var act = () => KubeConfigLoader.Resolve(new KubeConfig());

        act.Should().Throw<KubeConfigException>().WithMessage("*sets no current-context*");
    }

    [Fact]
    public void Resolve_EveryContext_EachSucceedsOrFailsOnItsOwn()
    {
        var outcomes = KubeConfigLoader.Contexts(_config).ToDictionary(c => c, c =>
        {
            try
            {
                KubeConfigLoader.Resolve(_config, c);
                return true;
            }
            catch (KubeConfigException)
            {
                return false;
            }
        });

        outcomes.Where(o => o.Value).Select(o => o.Key).Should()
            .BeEquivalentTo("inline", "files", "token", "tokenfile", "exec", "path-exec", "anonymous", "both");
    }

    [Fact]
    public void ToClientOptions_InlineCertificates_BuildsCaAndClientCertificateWithKey()
    {
        var options = KubeConfigLoader.Resolve(_config, "inline").ToClientOptions();

        options.Server.Should().Be(new Uri("https://inline.example.com:6443"));
        options.CaCertificates.Should().ContainSingle().Which.Subject.Should().Be("CN=fixture-ca");
        options.ClientCertificate!.HasPrivateKey.Should().BeTrue();
        options.ClientCertificate.Subject.Should().Be("CN=fixture-admin, O=system:masters");
        options.TokenSource.Should().BeNull();
        options.Namespace.Should().Be("team-a");
    }

    [Fact]
    public async Task ToClientOptions_Token_IsAStaticSource()
    {
        var options = KubeConfigLoader.Resolve(_config, "token").ToClientOptions();

        options.TokenSource.Should().BeOfType<StaticTokenSource>();
        (await options.TokenSource!.GetTokenAsync(CancellationToken.None)).Should().Be("static-token");
        options.InsecureSkipTlsVerify.Should().BeTrue();
        options.TlsServerName.Should().Be("api.internal");
        options.ProxyUrl.Should().Be(new Uri("socks5://proxy.example.com:1080"));
    }

    [Fact]
    public async Task ToClientOptions_TokenFile_IsAFileSource()
    {
        var options = KubeConfigLoader.Resolve(_config, "tokenfile").ToClientOptions();

        options.TokenSource.Should().BeOfType<FileTokenSource>().Which.Path.Should().Be(Assets.Path("token.txt"));
        (await options.TokenSource!.GetTokenAsync(CancellationToken.None)).Should().Be("fixture-token-from-file");
    }

    [Fact]
    public void ToClientOptions_ExecWithoutFactory_Throws()
    {
        var act = () => KubeConfigLoader.Resolve(_config, "exec").ToClientOptions();

        act.Should().Throw<KubeConfigException>().WithMessage("*user \"exec-user\" uses an exec credential plugin*");
    }

    [Fact]
    public void ToClientOptions_ExecWithFactory_UsesIt()
    {
        ExecConfig? seen = null;
        var source = new StaticTokenSource("from-exec");

        var options = KubeConfigLoader.Resolve(_config, "exec").ToClientOptions(exec =>
        {
            seen = exec;
            return source;
        });

        options.TokenSource.Should().BeSameAs(source);
        seen!.Command.Should().EndWith("get-token");
    }

    [Fact]
    public void ToClientOptions_BadPem_Throws()
    {
        var context = KubeConfigLoader.Resolve(_config, "inline") with
        {
            ClientKeyPem = Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        };

        var act = () => context.ToClientOptions();

        act.Should().Throw<KubeConfigException>().WithMessage("*user \"inline-user\": client certificate/key is not valid PEM*");
    }
}
