using System.Text.Json.Nodes;
using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Aggregated discovery (KEP-3352): <c>GET /apis</c> with
/// <c>Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList</c> (or <c>v2beta1</c>) answers
/// one <c>APIGroupDiscoveryList</c> describing every served resource (k8s.io/api <c>apidiscovery/v2/types.go</c>):
/// <c>{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[{"metadata":
/// {"name":"cluster.core.oam.dev"},"versions":[{"version":"v1alpha1","resources":[{"resource":"clustergateways",
/// "responseKind":{...},"scope":"Cluster","singularResource":"clustergateway","verbs":[...],"subresources":[...]}],
/// "freshness":"Current"}]}]}</c>. <c>GET /api</c> answers the same list with no items (no core group here).
/// Documents are built once; each has its ETag.
/// </summary>
internal static class AggregatedDiscovery
{
    /// <summary>The discovery API group.</summary>
    public const string Group = "apidiscovery.k8s.io";

    /// <summary><c>/apis</c> in <c>apidiscovery.k8s.io/v2</c>.</summary>
    public static CachedDocument ApisV2 { get; } = CachedDocument.FromJson(Build("v2", withGroup: true));

    /// <summary><c>/apis</c> in <c>apidiscovery.k8s.io/v2beta1</c> (same shape).</summary>
    public static CachedDocument ApisV2Beta1 { get; } = CachedDocument.FromJson(Build("v2beta1", withGroup: true));

    /// <summary><c>/api</c> in v2: no items.</summary>
    public static CachedDocument ApiV2 { get; } = CachedDocument.FromJson(Build("v2", withGroup: false));

    /// <summary><c>/api</c> in v2beta1: no items.</summary>
    public static CachedDocument ApiV2Beta1 { get; } = CachedDocument.FromJson(Build("v2beta1", withGroup: false));

    /// <summary>The Content-Type of a document of <paramref name="version"/>, parameters ordered g, v, as as
    /// client-go expects (client-go <c>discovery/discovery_client.go</c>).</summary>
    /// <param name="version"><c>v2</c> or <c>v2beta1</c>.</param>
    /// <returns>The media type with parameters.</returns>
    public static string ContentType(string version) => $"application/json;g={Group};v={version};as=APIGroupDiscoveryList";

    private static JsonObject Build(string version, bool withGroup) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = $"{Group}/{version}",
        ["metadata"] = new JsonObject(),
        ["items"] = withGroup ? new JsonArray(GroupDocument()) : new JsonArray(),
    };

    private static JsonObject GroupDocument() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = ApiGroups.ClusterGroup },
        ["versions"] = new JsonArray(new JsonObject
        {
            ["version"] = ApiGroups.Version,
            ["resources"] = new JsonArray([.. ServedResources.All.Select(Resource)]),
            ["freshness"] = "Current",
        }),
    };

    private static JsonObject Resource(ServedResource resource) => new()
    {
        ["resource"] = resource.Name,
        ["responseKind"] = Kind(resource.Kind),
        ["scope"] = "Cluster",
        ["singularResource"] = resource.SingularName,
        ["verbs"] = Strings(resource.Verbs),
        ["subresources"] = new JsonArray([.. resource.Subresources.Select(sub => new JsonObject
        {
            ["subresource"] = sub.Name,
            ["responseKind"] = Kind(sub.Kind),
            ["verbs"] = Strings(sub.Verbs),
        })]),
    };

    private static JsonObject Kind(string kind) =>
        new() { ["group"] = ApiGroups.ClusterGroup, ["version"] = ApiGroups.Version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
