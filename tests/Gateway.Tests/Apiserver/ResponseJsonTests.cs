using System.Text.Json;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>The response serializer's redaction rules (the HTTP paths are covered by CredentialRedactionTests).</summary>
public sealed class ResponseJsonTests
{
    [Theory]
    [InlineData("http://user:secret@proxy:3128", "http://user:xxxxx@proxy:3128")]
    [InlineData("socks5://u:p@10.0.0.1:1080/x?y=z", "socks5://u:xxxxx@10.0.0.1:1080/x?y=z")]
    [InlineData("http://u:p@host/path@with:colon", "http://u:xxxxx@host/path@with:colon")]
    [InlineData("http://user@proxy:3128", "http://user@proxy:3128")]
    [InlineData("http://proxy:3128/a@b", "http://proxy:3128/a@b")]
    [InlineData("not a url", "not a url")]
    [InlineData("", "")]
    public void RedactUrl_ReplacesOnlyThePassword_AsGoUrlRedacted(string url, string expected) =>
        ResponseJson.RedactUrl(url).Should().Be(expected);

    [Fact]
    public void MinimalApiJsonOptions_RedactToo_UnlessExposed()
    {
        var gateway = TestGateways.Token("c1");
        gateway.Spec.Access.Credential!.X509 = new X509 { Certificate = [1, 2], PrivateKey = [3, 4] };

        Serialize(exposeCredentials: false, gateway).Should().Contain("\"type\":\"ServiceAccountToken\"")
            .And.NotContain("serviceAccountToken").And.NotContain("privateKey").And.Contain("\"certificate\":\"AQI=\"");
        Serialize(exposeCredentials: true, gateway).Should().Contain("\"serviceAccountToken\":\"tok\"")
            .And.Contain("\"privateKey\":\"AwQ=\"");
    }

    private static string Serialize(bool exposeCredentials, V1Alpha1ClusterGateway gateway)
    {
        var services = new ServiceCollection().AddOptions();
        ResponseJson.Register(services, exposeCredentials);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        provider.GetRequiredService<ResponseJson>().ExposesCredentials.Should().Be(exposeCredentials);
        return JsonSerializer.Serialize(gateway, options);
    }
}
