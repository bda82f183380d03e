using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Crds.Tests.Fixtures;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.Crds.Tests.SecretConversion;

/// <summary>The wire shape must match upstream <c>clustergateway_types.go</c> field for field.</summary>
public sealed class ClusterGatewayJsonShapeTests
{
    private static JsonObject Serialize(SecretBuilder builder)
    {
        var gateway = ClusterGatewaySecretConverter.Convert(builder.Build()).Gateway!;
        return JsonNode.Parse(JsonSerializer.Serialize(gateway, KubeJson.Options))!.AsObject();
    }

    [Fact]
    public void Serialize_X509ConstWithProxy_HasUpstreamFieldNames()
    {
        var json = Serialize(SecretBuilder.X509().Data(SecretKeys.ProxyUrl, "socks5://127.0.0.1:1080")
            .Data(SecretKeys.InsecureSkipTlsVerify, "true")
            .Annotation(SecretKeys.HealthyAnnotation, "true").Annotation(SecretKeys.HealthyReasonAnnotation, "fine"));

        json["apiVersion"]!.GetValue<string>().Should().Be("cluster.core.oam.dev/v1alpha1");
        json["kind"]!.GetValue<string>().Should().Be("ClusterGateway");
        json["metadata"]!.ToJsonString().Should().Be(
            """{"name":"foo","uid":"6b1f1c3e-0000-4000-8000-000000000001","resourceVersion":"42","creationTimestamp":"2024-01-02T03:04:05Z"}""");
        json["spec"]!["provider"]!.GetValue<string>().Should().BeEmpty();
        var endpoint = json["spec"]!["access"]!["endpoint"]!;
        endpoint["type"]!.GetValue<string>().Should().Be("Const");
        var constPart = endpoint["const"]!.AsObject();
        constPart.Select(p => p.Key).Should().Equal("address", "caBundle", "insecure", "proxy-url");
        constPart["address"]!.GetValue<string>().Should().Be("https://127.0.0.1:6443");
        constPart["caBundle"]!.GetValue<string>().Should().Be(TestPem.Base64(TestPem.CaCertificate));
        constPart["insecure"]!.GetValue<bool>().Should().BeTrue();
        constPart["proxy-url"]!.GetValue<string>().Should().Be("socks5://127.0.0.1:1080");
        var credential = json["spec"]!["access"]!["credential"]!.AsObject();
        credential.Select(p => p.Key).Should().Equal("type", "x509");
        credential["type"]!.GetValue<string>().Should().Be("X509Certificate");
        credential["x509"]!["certificate"]!.GetValue<string>().Should().Be(TestPem.Base64(TestPem.ClientCertificate));
        credential["x509"]!["privateKey"]!.GetValue<string>().Should().Be(TestPem.Base64(TestPem.ClientKey));
        json["status"]!.ToJsonString().Should().Be("""{"healthy":true,"healthyReason":"fine"}""");
    }

    [Fact]
    public void Serialize_ServiceAccountTokenWithoutCa_HasOnlyAddressAndToken()
    {
        var json = Serialize(SecretBuilder.Token().WithoutData(SecretKeys.CaCrt));

        json["spec"]!["access"]!.ToJsonString().Should().Be(
            $$$"""{"endpoint":{"type":"Const","const":{"address":"https://127.0.0.1:6443"}},"credential":{"type":"ServiceAccountToken","serviceAccountToken":"{{{TestPem.Token}}}"}}""");
        json["status"]!.ToJsonString().Should().Be("""{"healthy":false}""");
    }

    [Fact]
    public void Serialize_ClusterProxyDynamic_HasTypesOnlyAndNoExecConfig()
    {
        var json = Serialize(SecretBuilder.Dynamic().Label(SecretKeys.EndpointTypeLabel, "ClusterProxy"));

        json["spec"]!.ToJsonString().Should().Be(
            """{"provider":"","access":{"endpoint":{"type":"ClusterProxy"},"credential":{"type":"Dynamic"}}}""");
    }

    [Fact]
    public void Serialize_TlsServerName_UsesHyphenatedExtensionField()
    {
        var json = Serialize(SecretBuilder.Token().Data(SecretKeys.TlsServerName, "api.internal"));

        json["spec"]!["access"]!["endpoint"]!["const"]!["tls-server-name"]!.GetValue<string>().Should().Be("api.internal");
    }

    [Fact]
    public void Deserialize_SerializedGateway_RoundTrips()
    {
        var gateway = ClusterGatewaySecretConverter.Convert(SecretBuilder.X509().Data(SecretKeys.ProxyUrl, "http://p:1").Build()).Gateway!;
        var json = JsonSerializer.Serialize(gateway, KubeJson.Options);

        var back = JsonSerializer.Deserialize<V1Alpha1ClusterGateway>(json, KubeJson.Options)!;

        JsonSerializer.Serialize(back, KubeJson.Options).Should().Be(json);
        back.Spec.Access.Credential!.X509!.PrivateKey.Should().Equal(TestPem.Bytes(TestPem.ClientKey));
    }
}
