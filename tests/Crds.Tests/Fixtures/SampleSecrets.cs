using System.Text.Json;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models.Core;
using YamlDotNet.Serialization;

namespace ClusterGateway.Crds.Tests.Fixtures;

/// <summary>
/// Loads the sample Secrets in <c>assets/</c> (copies of upstream's <c>hack/samples</c>), replacing the placeholders
/// <c>${CA_CRT}</c>, <c>${TLS_CRT}</c>, <c>${TLS_KEY}</c>, <c>${TOKEN}</c> (base64 for <c>data</c>) and
/// <c>${TOKEN_TEXT}</c> (plain, for <c>stringData</c>) with generated material.
/// </summary>
public static class SampleSecrets
{
    /// <summary>Reads <c>assets/{fileName}</c> from the test output directory and decodes it as a Secret.</summary>
    public static Secret Load(string fileName)
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "assets", fileName))
            .Replace("${CA_CRT}", TestPem.Base64(TestPem.CaCertificate), StringComparison.Ordinal)
            .Replace("${TLS_CRT}", TestPem.Base64(TestPem.ClientCertificate), StringComparison.Ordinal)
            .Replace("${TLS_KEY}", TestPem.Base64(TestPem.ClientKey), StringComparison.Ordinal)
            .Replace("${TOKEN}", TestPem.Base64(TestPem.Token), StringComparison.Ordinal)
            .Replace("${TOKEN_TEXT}", TestPem.Token, StringComparison.Ordinal);
        var graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
        return JsonSerializer.Deserialize<Secret>(json, KubeJson.Options)
            ?? throw new InvalidOperationException($"{fileName} is empty");
    }
}
