using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>Legacy discovery (/api, /apis, group and group-version documents), /version, health and OpenAPI.</summary>
internal sealed class Discovery(FakeApiServer server)
{
    public Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            throw FakeApiException.MethodNotAllowed(context.Request.Method);
        }

        var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resources = server.Store.Resources;
        switch (parts)
        {
            case ["version"]:
                return Responses.WriteJsonAsync(context, 200, Version());
            case ["healthz" or "livez" or "readyz", ..]:
                return Responses.WriteTextAsync(context, 200, "ok");
            case ["api"]:
                return Responses.WriteJsonAsync(context, 200, new JsonObject
                {
                    ["kind"] = "APIVersions",
                    ["versions"] = new JsonArray("v1"),
                    ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
                    {
                        ["clientCIDR"] = "0.0.0.0/0",
                        ["serverAddress"] = server.Url.Authority,
                    }),
                });
            case ["api", var version]:
                return ResourceListAsync(context, resources, string.Empty, version);
            case ["apis"]:
                return Responses.WriteJsonAsync(context, 200, new JsonObject
                {
                    ["kind"] = "APIGroupList",
                    ["apiVersion"] = "v1",
                    ["groups"] = new JsonArray([.. Groups(resources).Select(g => (JsonNode)ApiGroup(resources, g)),
                        .. server.Aggregation.GroupEntries(Groups(resources)),
                        .. server.Aggregator?.GroupEntries(Groups(resources)) ?? []]),
                });
            case ["apis", var group] when resources.Any(r => r.Group == group && group.Length > 0):
                var apiGroup = ApiGroup(resources, group);
                apiGroup["kind"] = "APIGroup";
                apiGroup["apiVersion"] = "v1";
                return Responses.WriteJsonAsync(context, 200, apiGroup);
            case ["apis", var group] when server.Aggregator?.GroupDocument(group) is { } aggregated:
                return Responses.WriteJsonAsync(context, 200, aggregated);
            case ["apis", var group, var version]:
                return ResourceListAsync(context, resources, group, version);
            case ["openapi", "v3", ..]:
                return OpenApi.HandleV3Async(context, resources, parts[2..]);
            case ["openapi", "v2"]:
                return OpenApi.HandleV2Async(context);
            default:
                return Responses.WriteTextAsync(context, 404, "404 page not found\n");
        }
    }

    private JsonObject Version()
    {
        var gitVersion = server.Options.GitVersion;
        var numbers = gitVersion.TrimStart('v').Split('.', '-', '+');
        return new JsonObject
        {
            ["major"] = numbers.Length > 0 ? numbers[0] : "1",
            ["minor"] = numbers.Length > 1 ? numbers[1] : "32",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-01-01T00:00:00Z",
            ["goVersion"] = "go1.23.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    private static IEnumerable<string> Groups(IReadOnlyList<FakeResource> resources) =>
        resources.Select(r => r.Group).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal);

    private static JsonObject ApiGroup(IReadOnlyList<FakeResource> resources, string group)
    {
        var versions = resources.Where(r => r.Group == group).Select(r => r.Version)
            .Distinct(StringComparer.Ordinal).ToList();
        JsonObject Entry(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Entry(v))]),
            ["preferredVersion"] = Entry(versions[0]),
        };
    }

    private static Task ResourceListAsync(HttpContext context, IReadOnlyList<FakeResource> all, string group,
        string version)
    {
        var served = all.Where(r => r.Group == group && r.Version == version).ToList();
        if (served.Count == 0)
        {
            throw FakeApiException.ResourceNotFound();
        }

        var list = new JsonArray();
        foreach (var r in served)
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.SingularName,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray([.. r.Verbs.Select(v => (JsonNode)v)]),
            };
            if (r.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. r.ShortNames.Select(s => (JsonNode)s)]);
            }

            list.Add(entry);
            if (r.StatusSubresource)
            {
                list.Add(new JsonObject
                {
                    ["name"] = r.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return Responses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        });
    }
}
