using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.AddonManager.Addon;

/// <summary>
/// Whether a live object already holds everything an apply configuration asks for, so the apply can be skipped (an
/// unchanged object then causes no request at all). Objects: every desired property is present and contains the desired
/// value; arrays: every desired item is contained in some live item (order-insensitive, extra live items allowed, as
/// server-side apply merges keyed lists); scalars: equal. Fields the server adds (defaults, uid, status) never matter.
/// </summary>
internal static class JsonSubset
{
    /// <summary>Whether <paramref name="live"/> (serialized with <see cref="KubeJson.Options"/>) contains <paramref name="desired"/>.</summary>
    /// <param name="live">The cached object, or null.</param>
    /// <param name="desired">The apply configuration.</param>
    /// <returns><see langword="true"/> when applying would change nothing this manager asks for.</returns>
    public static bool Contains(object? live, JsonNode desired) =>
        live is not null && Contains(JsonSerializer.SerializeToNode(live, live.GetType(), KubeJson.Options), desired);

    /// <summary>Whether <paramref name="live"/> contains <paramref name="desired"/>.</summary>
    /// <param name="live">The live JSON.</param>
    /// <param name="desired">The desired JSON.</param>
    /// <returns><see langword="true"/> when contained.</returns>
    public static bool Contains(JsonNode? live, JsonNode? desired) => (live, desired) switch
    {
        (_, null) => true,
        (null, _) => false,
        (JsonObject l, JsonObject d) => d.All(p => l.TryGetPropertyValue(p.Key, out var v) && Contains(v, p.Value)),
        (JsonArray l, JsonArray d) => d.All(item => l.Any(candidate => Contains(candidate, item))),
        (JsonValue, JsonValue) => JsonNode.DeepEquals(live, desired),
        _ => false,
    };
}
