using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>Cluster Secrets in the gateway's format (label <c>cluster.core.oam.dev/cluster-credential-type</c>, base64 data).</summary>
public static class ClusterSecrets
{
    /// <summary>An Opaque Secret with the credential-type label and <paramref name="data"/> base64-encoded.</summary>
    public static JsonObject Create(string name, string @namespace, string credentialType, IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var encoded = new JsonObject();
        foreach (var (key, value) in data)
        {
            encoded[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["labels"] = new JsonObject { ["cluster.core.oam.dev/cluster-credential-type"] = credentialType },
            },
            ["type"] = "Opaque",
            ["data"] = encoded,
        };
    }
}
