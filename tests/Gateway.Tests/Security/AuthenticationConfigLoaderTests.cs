using System.Security.Cryptography;
using System.Text.Json;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Security;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Security;

public sealed class AuthenticationConfigLoaderTests
{
    [Fact]
    public void RequestHeaderFromConfigMap_AllKeys_ParsesJsonArraysAndPem()
    {
        using var ca = TestCertificateAuthority.Create("front-proxy-ca");
        var config = AuthenticationConfigLoader.RequestHeaderFromConfigMap(new Dictionary<string, string>
        {
            ["requestheader-client-ca-file"] = ca.CertificatePem,
            ["requestheader-allowed-names"] = "[\"front-proxy-client\",\"aggregator\"]",
            ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
            ["requestheader-uid-headers"] = "[\"X-Remote-Uid\"]",
            ["requestheader-group-headers"] = "[\"X-Remote-Group\"]",
            ["requestheader-extra-headers-prefix"] = "[\"X-Remote-Extra-\"]",
        })!;

        config.CertificateAuthorities.Should().ContainSingle().Which.Thumbprint.Should().Be(ca.Certificate.Thumbprint);
        config.AllowedNames.Should().Equal("front-proxy-client", "aggregator");
        config.UsernameHeaders.Should().Equal("X-Remote-User");
        config.UidHeaders.Should().Equal("X-Remote-Uid");
        config.GroupHeaders.Should().Equal("X-Remote-Group");
        config.ExtraHeaderPrefixes.Should().Equal("X-Remote-Extra-");
    }

    [Fact]
    public void RequestHeaderFromConfigMap_MissingListKeys_AreEmpty()
    {
        using var ca = TestCertificateAuthority.Create();
        var config = AuthenticationConfigLoader.RequestHeaderFromConfigMap(new Dictionary<string, string>
        {
            ["requestheader-client-ca-file"] = ca.CertificatePem,
            ["requestheader-allowed-names"] = "",
        })!;

        config.AllowedNames.Should().BeEmpty();
        config.UsernameHeaders.Should().BeEmpty();
    }

    [Fact]
    public void RequestHeaderFromConfigMap_NoCa_IsNull()
    {
        AuthenticationConfigLoader.RequestHeaderFromConfigMap(null).Should().BeNull();
        AuthenticationConfigLoader.RequestHeaderFromConfigMap(new Dictionary<string, string>
        {
            ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
        }).Should().BeNull();
    }

    [Fact]
    public void RequestHeaderFromConfigMap_BadList_Throws()
    {
        using var ca = TestCertificateAuthority.Create();
        FluentActions.Invoking(() => AuthenticationConfigLoader.RequestHeaderFromConfigMap(
            new Dictionary<string, string>
            {
                ["requestheader-client-ca-file"] = ca.CertificatePem,
                ["requestheader-username-headers"] = "X-Remote-User",
            })).Should().Throw<JsonException>();
    }

    [Fact]
    public void ClientCaFromConfigMap_BadPem_Throws() =>
        FluentActions.Invoking(() => AuthenticationConfigLoader.ClientCaFromConfigMap(
            new Dictionary<string, string> { ["client-ca-file"] = "not a certificate" }))
            .Should().Throw<CryptographicException>();

    [Fact]
    public void RequestHeaderFromFlags_CaFileGiven_UsesFlagListsWithDefaults()
    {
        using var ca = TestCertificateAuthority.Create();
        var file = Path.Combine(Path.GetTempPath(), $"cg-rh-{Guid.NewGuid():N}.crt");
        File.WriteAllText(file, ca.CertificatePem + "\n" + ca.CertificatePem + "\n");
        try
        {
            var config = AuthenticationConfigLoader.RequestHeaderFromFlags(new GatewayOptions
            {
                RequestHeaderClientCaFile = file, RequestHeaderAllowedNames = ["proxy"],
            })!;

            config.CertificateAuthorities.Should().HaveCount(2);
            config.AllowedNames.Should().Equal("proxy");
            config.UsernameHeaders.Should().Equal("X-Remote-User");
            config.ExtraHeaderPrefixes.Should().Equal("X-Remote-Extra-");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void RequestHeaderFromFlags_NoCaFile_IsNull() =>
        AuthenticationConfigLoader.RequestHeaderFromFlags(new GatewayOptions()).Should().BeNull();
}
