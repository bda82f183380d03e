using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;

namespace ClusterGateway.Gateway.Tests.Proxy.Egress;

/// <summary>Small helpers the proxy traffic tests (credentials, limits, egress, metrics) share.</summary>
internal static class ProxyTraffic
{
    /// <summary>Relative URL of <paramref name="rest"/> proxied to <paramref name="cluster"/>.</summary>
    public static string Path(string cluster, string rest) =>
        $"apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy{rest}";

    /// <summary>Puts a cluster Secret on the hub and waits until the gateway has it as a valid cluster.</summary>
    public static async Task PutClusterAsync(this HubEnvironment env, JsonObject secret)
    {
        var name = (string)secret["metadata"]!["name"]!;
        var before = env.Gateway.Registry.Snapshot.TryGetValue(name, out var old) ? old.Revision : -1;
        env.Hub.Store.Put(secret);
        await env.WaitForRegistryAsync(r => r.Snapshot.TryGetValue(name, out var entry) && entry.Revision != before,
            $"cluster {name} to be (re)loaded");
        var entry = env.Gateway.Registry.Snapshot[name];
        if (entry.Gateway is null)
        {
            throw new InvalidOperationException($"cluster {name} is invalid: {entry.Error}");
        }
    }

    /// <summary>Adds annotations to a Secret built by <see cref="HubEnvironment.Secret"/>.</summary>
    public static JsonObject WithAnnotations(this JsonObject secret, params (string Key, string Value)[] annotations)
    {
        var metadata = (JsonObject)secret["metadata"]!;
        var target = metadata["annotations"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in annotations)
        {
            target[key] = value;
        }

        metadata["annotations"] = target;
        return secret;
    }

    /// <summary>The <c>message</c> of a Status body.</summary>
    public static async Task<string> StatusMessageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return (string?)JsonNode.Parse(body)?["message"] ?? body;
    }
}
