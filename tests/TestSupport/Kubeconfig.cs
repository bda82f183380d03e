using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.Serialization;

namespace ClusterGateway.TestSupport;

/// <summary>Builds kubeconfig YAML with inline (base64) CA, client certificate and key data.</summary>
public static class Kubeconfig
{
    public static string Build(string name, Uri server, string caPem, string? token = null,
        X509Certificate2? clientCertificate = null, string? @namespace = "default")
    {
        ArgumentNullException.ThrowIfNull(server);
        var user = new Dictionary<string, object>();
        if (token is not null)
        {
            user["token"] = token;
        }

        if (clientCertificate is not null)
        {
            var (certPem, keyPem) = TestCertificateAuthority.ExportPem(clientCertificate);
            user["client-certificate-data"] = Base64(certPem);
            user["client-key-data"] = Base64(keyPem);
        }

        var context = new Dictionary<string, object> { ["cluster"] = name, ["user"] = name };
        if (@namespace is not null)
        {
            context["namespace"] = @namespace;
        }

        var config = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = name,
                    ["cluster"] = new Dictionary<string, object>
                    {
                        ["server"] = server.GetLeftPart(UriPartial.Authority),
                        ["certificate-authority-data"] = Base64(caPem),
                    },
                },
            },
            ["users"] = new[] { new Dictionary<string, object> { ["name"] = name, ["user"] = user } },
            ["contexts"] = new[] { new Dictionary<string, object> { ["name"] = name, ["context"] = context } },
            ["current-context"] = name,
        };
        return new SerializerBuilder().Build().Serialize(config);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
