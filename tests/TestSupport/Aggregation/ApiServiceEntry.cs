using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// What the aggregator reads from an <c>apiregistration.k8s.io/v1 APIService</c>
/// (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/api-service-v1/): its group/version, the
/// Service it proxies to (null: served locally), the port (default 443), the CA bundle (PEM, decoded from base64),
/// priorities and whether its <c>Available</c> condition is True.
/// </summary>
internal sealed record ApiServiceEntry(string Name, string Group, string Version, string? ServiceNamespace,
    string? ServiceName, int Port, string CaBundlePem, bool InsecureSkipTlsVerify, int GroupPriorityMinimum,
    int VersionPriority, bool Available)
{
    public bool IsLocal => ServiceName is null;

    /// <summary>The TLS server name kube-aggregator verifies: <c>{service}.{namespace}.svc</c>.</summary>
    public string ServerName => $"{ServiceName}.{ServiceNamespace}.svc";

    public static ApiServiceEntry Parse(JsonObject apiService)
    {
        ArgumentNullException.ThrowIfNull(apiService);
        var spec = apiService["spec"] as JsonObject ?? [];
        var service = spec["service"] as JsonObject;
        var available = (apiService["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Available" && (string?)c["status"] == "True");
        return new ApiServiceEntry(
            ObjectMeta.Name(apiService) ?? string.Empty,
            Str(spec, "group") ?? string.Empty,
            Str(spec, "version") ?? string.Empty,
            service is null ? null : Str(service, "namespace") ?? string.Empty,
            service is null ? null : Str(service, "name") ?? string.Empty,
            service?["port"] is JsonValue port && port.TryGetValue<int>(out var p) ? p : 443,
            CaBundle(Str(spec, "caBundle")),
            spec["insecureSkipTLSVerify"] is JsonValue insecure && insecure.TryGetValue<bool>(out var skip) && skip,
            spec["groupPriorityMinimum"] is JsonValue g && g.TryGetValue<int>(out var gp) ? gp : 0,
            spec["versionPriority"] is JsonValue v && v.TryGetValue<int>(out var vp) ? vp : 0,
            available);
    }

    private static string? Str(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string CaBundle(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return string.Empty;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }
}
