using System.Text.Json.Nodes;
using ClusterGateway.Gateway.FanOut;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// What kubectl needs besides the watch, for a kubectl test of the fan-out watch alone: discovery and OpenAPI
/// forwarded to the first cluster, and a bare merged Table list (CLUSTER column first, the vector of the clusters'
/// list resourceVersions; a cluster that does not answer is left out) as a stand-in for the gateway's fan-out list.
/// </summary>
internal static class FanOutListStandIn
{
    public static async Task ServeAsync(HttpContext context, IReadOnlyList<FakeMemberCluster> clusters)
    {
        var pathAndQuery = context.Request.Path + context.Request.QueryString.Value;
        var accept = context.Request.Headers.Accept.ToString();
        var isList = context.Request.Path.StartsWithSegments("/api/v1/namespaces") ||
                     context.Request.Path.StartsWithSegments("/api/v1/configmaps");
        if (!isList)
        {
            using var forwarded = await clusters[0].TrySendAsync(Request(pathAndQuery, accept), context.RequestAborted);
            context.Response.StatusCode = forwarded is null ? 503 : (int)forwarded.StatusCode;
            if (forwarded is not null)
            {
                context.Response.ContentType = forwarded.Content.Headers.ContentType?.ToString();
                await forwarded.Content.CopyToAsync(context.Response.Body);
            }

            return;
        }

        JsonObject? merged = null;
        var positions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            using var response = await cluster.TrySendAsync(Request(pathAndQuery, accept), context.RequestAborted);
            if (response is null || !response.IsSuccessStatusCode)
            {
                continue;
            }

            var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            positions[cluster.Name] = table["metadata"]!["resourceVersion"]!.GetValue<string>();
            foreach (var row in table["rows"]!.AsArray())
            {
                row!["cells"]!.AsArray().Insert(0, cluster.Name);
            }

            if (merged is null)
            {
                merged = table;
                table["columnDefinitions"]!.AsArray().Insert(0, new JsonObject
                {
                    ["name"] = "Cluster", ["type"] = "string", ["format"] = "", ["description"] = "", ["priority"] = 0,
                });
            }
            else
            {
                foreach (var row in table["rows"]!.AsArray().ToList())
                {
                    merged["rows"]!.AsArray().Add(row!.DeepClone());
                }
            }
        }

        merged!["metadata"]!["resourceVersion"] = ClusterVector.Encode(positions);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(merged.ToJsonString());
    }

    private static HttpRequestMessage Request(string pathAndQuery, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }
}
