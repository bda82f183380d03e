using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>The OCM and configuration objects the tests put into the fake hub, shaped as OCM and users write them.</summary>
internal static class AddonObjects
{
    public const string SecretNamespace = "open-cluster-management-credentials";

    public static JsonObject GatewayConfiguration(string name, string secretManagement = "ManagedServiceAccount",
        string? managedServiceAccountName = null, string egress = "Direct")
    {
        var management = new JsonObject { ["type"] = secretManagement };
        if (managedServiceAccountName is not null)
        {
            management["managedServiceAccount"] = new JsonObject { ["name"] = managedServiceAccountName };
        }

        var egressObject = new JsonObject { ["type"] = egress };
        if (egress == "ClusterProxy")
        {
            egressObject["clusterProxy"] = new JsonObject
            {
                ["proxyServerHost"] = "proxy-entrypoint.open-cluster-management-addon",
                ["proxyServerPort"] = 8090,
            };
        }

        return new JsonObject
        {
            ["apiVersion"] = "proxy.open-cluster-management.io/v1alpha1",
            ["kind"] = "ClusterGatewayConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["image"] = "oamdev/cluster-gateway:v1.1.6.ocm",
                ["installNamespace"] = "open-cluster-management-cluster-gateway",
                ["secretNamespace"] = SecretNamespace,
                ["secretManagement"] = management,
                ["egress"] = egressObject,
            },
        };
    }

    public static JsonObject ManagedCluster(string name, string url = "https://api.c1.example.com:6443") => new()
    {
        ["apiVersion"] = "cluster.open-cluster-management.io/v1",
        ["kind"] = "ManagedCluster",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["hubAcceptsClient"] = true,
            ["managedClusterClientConfigs"] = new JsonArray(new JsonObject
            {
                ["url"] = url,
                ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")),
            }),
        },
    };

    /// <summary>A Namespace (e.g. a ManagedCluster's, which OCM's registration controller creates).</summary>
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    /// <summary>A ManagedClusterAddOn as a user enables the addon (<c>clusteradm addon enable</c>).</summary>
    public static JsonObject ManagedClusterAddOn(string cluster) => new()
    {
        ["apiVersion"] = "addon.open-cluster-management.io/v1alpha1",
        ["kind"] = "ManagedClusterAddOn",
        ["metadata"] = new JsonObject { ["name"] = "cluster-gateway", ["namespace"] = cluster },
        ["spec"] = new JsonObject { ["installNamespace"] = "open-cluster-management-agent-addon" },
    };

    /// <summary>The token Secret as the managed-serviceaccount agent reports it (owned by the ManagedServiceAccount).</summary>
    public static JsonObject TokenSecret(string cluster, string name, string token, string ca, JsonObject? owner = null)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = cluster,
            ["labels"] = new JsonObject { ["authentication.open-cluster-management.io/is-managed-serviceaccount"] = "true" },
        };
        if (owner is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "authentication.open-cluster-management.io/v1beta1",
                ["kind"] = "ManagedServiceAccount",
                ["name"] = (string?)owner["metadata"]!["name"],
                ["uid"] = (string?)owner["metadata"]!["uid"],
                ["controller"] = true,
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = metadata,
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["token"] = Base64(token), ["ca.crt"] = Base64(ca) },
        };
    }

    public static JsonObject Secret(string ns, string name, Dictionary<string, string> data, JsonObject? labels = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels ?? [] },
        ["type"] = "Opaque",
        ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)Base64(d.Value)))),
    };

    public static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    public static string? Data(JsonObject secret, string key) =>
        secret["data"]?[key] is { } value ? Encoding.UTF8.GetString(Convert.FromBase64String((string)value!)) : null;

    public static string? Label(JsonObject obj, string key) => (string?)obj["metadata"]?["labels"]?[key];

    public static string? Uid(JsonObject obj) => (string?)obj["metadata"]?["uid"];
}
