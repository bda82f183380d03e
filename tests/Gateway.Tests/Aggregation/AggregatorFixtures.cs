using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Aggregation;

/// <summary>APIService and Service objects for the aggregator tests.</summary>
internal static class AggregatorFixtures
{
    public static JsonObject ApiService(string name, string group, string version, string serviceNamespace,
        string serviceName, string caBundlePem, int port = 443) => new()
    {
        ["apiVersion"] = "apiregistration.k8s.io/v1",
        ["kind"] = "APIService",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["group"] = group,
            ["version"] = version,
            ["service"] = new JsonObject { ["namespace"] = serviceNamespace, ["name"] = serviceName, ["port"] = port },
            ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(caBundlePem)),
            ["groupPriorityMinimum"] = 2000,
            ["versionPriority"] = 10,
        },
    };

    public static JsonObject Service(string @namespace, string name, int port = 443, int targetPort = 9443) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["ports"] = new JsonArray(new JsonObject
            {
                ["name"] = "https", ["port"] = port, ["targetPort"] = targetPort, ["protocol"] = "TCP",
            }),
        },
    };

    /// <summary>The Available condition of an APIService (status, reason, message), or nulls.</summary>
    public static (string? Status, string? Reason, string? Message) Available(JsonObject apiService)
    {
        var condition = (apiService["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == "Available");
        return ((string?)condition?["status"], (string?)condition?["reason"], (string?)condition?["message"]);
    }
}
