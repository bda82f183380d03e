using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Ocm;

/// <summary>
/// ManagedCluster objects as the OCM registration agent writes them, and the real OCM CRD (copied from
/// open-cluster-management-io/api into assets). <see cref="Created"/> records every object the tests build, so
/// <c>OcmSchemaTests</c> can check them all against the CRD schema.
/// </summary>
internal static class OcmObjects
{
    public const string CrdFile = "0000_00_clusters.open-cluster-management.io_managedclusters.crd.yaml";

    public static readonly FakeResource ManagedClusters =
        new("cluster.open-cluster-management.io", "v1", "managedclusters", "ManagedCluster", false);

    private static readonly List<JsonObject> _created = [];

    public static string CrdYaml => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "assets", CrdFile));

    public static IReadOnlyList<JsonObject> Created
    {
        get
        {
            lock (_created)
            {
                return [.. _created.Select(o => o.DeepClone().AsObject())];
            }
        }
    }

    /// <summary>A fake hub store that serves ManagedClusters because the real CRD was applied.</summary>
    public static FakeObjectStore StoreWithCrd()
    {
        var store = new FakeObjectStore();
        store.ApplyYaml(CrdYaml);
        return store;
    }

    /// <summary>
    /// A ManagedCluster with one client config and, when <paramref name="available"/> is given, the
    /// <c>ManagedClusterConditionAvailable</c> condition with that status.
    /// </summary>
    public static JsonObject ManagedCluster(string name, string url, string? caPem = null, string? available = "True",
        string reason = "ManagedClusterAvailable", string message = "Managed cluster is available")
    {
        var config = new JsonObject { ["url"] = url };
        if (caPem is not null)
        {
            config["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        }

        var obj = new JsonObject
        {
            ["apiVersion"] = "cluster.open-cluster-management.io/v1",
            ["kind"] = "ManagedCluster",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["vendor"] = "OpenShift" } },
            ["spec"] = new JsonObject
            {
                ["hubAcceptsClient"] = true,
                ["leaseDurationSeconds"] = 60,
                ["managedClusterClientConfigs"] = new JsonArray(config),
            },
        };
        if (available is not null)
        {
            obj["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "ManagedClusterConditionAvailable",
                    ["status"] = available,
                    ["reason"] = reason,
                    ["message"] = message,
                    ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
                }),
                ["version"] = new JsonObject { ["kubernetes"] = "v1.32.0" },
            };
        }

        lock (_created)
        {
            _created.Add(obj.DeepClone().AsObject());
        }

        return obj;
    }
}
