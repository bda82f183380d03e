using System.Text.Json.Nodes;
using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// Every operation the gateway serves under <c>cluster.core.oam.dev/v1alpha1</c>: list/watch/get of
/// <c>clustergateways</c> (also under the deprecated <c>/watch/</c> prefix), the <c>health</c> subresource
/// (get, put, patch) and the <c>proxy</c> connect subresource (every method, with and without a path).
/// </summary>
internal static class OpenApiOperations
{
    private const string Root = "/apis/" + ApiGroups.ClusterApiVersion;
    private const string Collection = Root + "/" + ApiGroups.ClusterGateways;
    private const string Suffix = "ClusterCoreOamDevV1alpha1ClusterGateway";
    private const string Gateway = ClusterGatewaySchemas.Prefix + "ClusterGateway";
    private const string WatchEvent = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";

    private static readonly string[] Json = ["application/json", "application/yaml"];
    private static readonly string[] Streams = [.. Json, "application/json;stream=watch"];
    private static readonly string[] Patches = ["application/merge-patch+json", "application/strategic-merge-patch+json"];
    private static readonly string[] Any = ["*/*"];
    private static readonly string[] ProxyMethods = ["get", "put", "post", "patch", "delete", "head", "options"];

    private static readonly OpenApiParameter Name = new("name", "path", "string", "name of the ClusterGateway");
    private static readonly OpenApiParameter Pretty = Query("pretty", "string", "If 'true', then the output is pretty printed.");

    private static readonly OpenApiParameter[] ListParameters =
    [
        Query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"; the gateway sends one every minute and, with sendInitialEvents, one marking the end of the initial events."),
        Query("continue", "string", "Ignored: the gateway returns every cluster at once."),
        Query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields: metadata.name with =, == or !=."),
        Query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels (the labels of the clusters' Secrets)."),
        Query("limit", "integer", "Ignored: the gateway returns every cluster at once."),
        Pretty,
        Query("resourceVersion", "string", "For a watch: the resourceVersion to resume from (410 Expired when older than the gateway's history); unset or 0 starts with ADDED events for every cluster."),
        Query("resourceVersionMatch", "string", "NotOlderThan with sendInitialEvents; otherwise ignored."),
        Query("sendInitialEvents", "boolean", "With watch: start with ADDED events for every cluster, then a BOOKMARK annotated k8s.io/initial-events-end when allowWatchBookmarks is set. Requires resourceVersionMatch=NotOlderThan."),
        Query("timeoutSeconds", "integer", "Timeout for the watch call, in seconds."),
        Query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
    ];

    /// <summary>The operations, in path order.</summary>
    public static IReadOnlyList<OpenApiOperation> All { get; } = Build();

    private static OpenApiParameter Query(string name, string type, string description) => new(name, "query", type, description);

    private static List<OpenApiOperation> Build()
    {
        const string kind = ApiGroups.ClusterGatewayKind;
        var watchRoot = Root + "/watch/" + ApiGroups.ClusterGateways;
        List<OpenApiOperation> operations =
        [
            new(Collection, "get", "list" + Suffix, "list", "list or watch objects of kind ClusterGateway", kind,
                ListParameters, Gateway + "List", null, [], Streams),
            new(watchRoot, "get", "watch" + Suffix + "List", "watchlist",
                "watch individual changes to a list of ClusterGateway. deprecated: use the 'watch' parameter with a list operation instead.",
                kind, ListParameters, WatchEvent, null, [], Streams),
            new(Collection + "/{name}", "get", "read" + Suffix, "get", "read the specified ClusterGateway", kind,
                [Name, Pretty], Gateway, null, [], Json),
            new(watchRoot + "/{name}", "get", "watch" + Suffix, "watch",
                "watch changes to an object of kind ClusterGateway. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.",
                kind, [Name, .. ListParameters], WatchEvent, null, [], Streams),
            new(Collection + "/{name}/health", "get", "read" + Suffix + "Health", "get",
                "read health of the specified ClusterGateway", kind, [Name, Pretty], Gateway, null, [], Json),
            new(Collection + "/{name}/health", "put", "replace" + Suffix + "Health", "put",
                "replace health (status.healthy, status.healthyReason) of the specified ClusterGateway", kind,
                [Name, Pretty], Gateway, Gateway, ["application/json"], Json),
            new(Collection + "/{name}/health", "patch", "patch" + Suffix + "Health", "patch",
                "partially update health (status.healthy, status.healthyReason) of the specified ClusterGateway", kind,
                [Name, Pretty], Gateway, "io.k8s.apimachinery.pkg.apis.meta.v1.Patch", Patches, Json),
        ];
        foreach (var method in ProxyMethods)
        {
            var verb = char.ToUpperInvariant(method[0]) + method[1..];
            var path = new OpenApiParameter("path", "query", "string", "Path is the URL path to use for the current proxy request to the cluster.");
            var subpath = new OpenApiParameter("path", "path", "string", "path to the resource of the cluster, e.g. api/v1/namespaces");
            operations.Add(new(Collection + "/{name}/proxy", method, $"connect{verb}{Suffix}Proxy", "connect",
                $"connect {method.ToUpperInvariant()} requests to proxy of ClusterGateway", ServedResources.ProxyOptionsKind,
                [Name, path], null, null, Any, Any));
            operations.Add(new(Collection + "/{name}/proxy/{path}", method, $"connect{verb}{Suffix}ProxyWithPath", "connect",
                $"connect {method.ToUpperInvariant()} requests to proxy of ClusterGateway", ServedResources.ProxyOptionsKind,
                [Name, subpath], null, null, Any, Any));
        }

        return operations;
    }

    /// <summary>Groups <see cref="All"/> into an OpenAPI <c>paths</c> object: path → method → rendered operation.</summary>
    /// <param name="render">Renders one operation in the target OpenAPI version.</param>
    /// <returns>The <c>paths</c> object.</returns>
    public static JsonObject ToPaths(Func<OpenApiOperation, JsonNode> render)
    {
        var paths = new JsonObject();
        foreach (var operation in All)
        {
            if (paths[operation.Path] is not JsonObject item)
            {
                item = [];
                paths[operation.Path] = item;
            }

            item[operation.Method] = render(operation);
        }

        return paths;
    }
}
