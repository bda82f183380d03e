using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Kube.Tests.Client;

/// <summary>Starting fake API servers and clients for them.</summary>
internal static class FakeServers
{
    public const string Token = "token";
    public const string User = "user";

    public static Task<FakeApiServer> StartAsync(Func<HttpContext, Task<bool>>? intercept = null,
        TimeSpan? bookmarkInterval = null)
    {
        var options = new FakeApiServerOptions { Intercept = intercept, WatchBookmarkInterval = bookmarkInterval };
        options.Tokens[Token] = User;
        return FakeApiServer.StartAsync(options);
    }

    public static KubeClientOptions Options(FakeApiServer server, string? token = Token) => new()
    {
        Server = server.Url,
        CaCertificates = Ca(server),
        TokenSource = token is null ? null : new StaticTokenSource(token),
    };

    public static KubeClient Client(FakeApiServer server, string? token = Token) => new(Options(server, token));

    public static X509Certificate2Collection Ca(FakeApiServer server)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(server.CaPem);
        return collection;
    }

    public static JsonObject ConfigMap(string ns, string name, string value = "v", string? label = null)
    {
        var metadata = new JsonObject { ["namespace"] = ns, ["name"] = name };
        if (label is not null)
        {
            metadata["labels"] = new JsonObject { ["app"] = label };
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["key"] = value } };
    }

    public static bool IsWatch(RecordedRequest request) =>
        request.Method == "GET" && request.PathAndQuery.Contains("watch=true", StringComparison.Ordinal);

    public static bool IsWatch(HttpContext context) =>
        context.Request.Method == "GET" &&
        string.Equals(context.Request.Query["watch"], "true", StringComparison.Ordinal);

    /// <summary>Writes a watch stream of raw lines, flushing each.</summary>
    public static async Task WriteLinesAsync(HttpContext context, params string[] lines)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
        }

        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
            await context.Response.Body.FlushAsync();
        }
    }

    public static string Event(string type, string ns, string name, string resourceVersion, string value = "v")
    {
        var obj = ConfigMap(ns, name, value);
        obj["metadata"]!["resourceVersion"] = resourceVersion;
        return new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString();
    }

    public static string Bookmark(string resourceVersion) => new JsonObject
    {
        ["type"] = "BOOKMARK",
        ["object"] = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
        },
    }.ToJsonString();

    public static string GoneEvent() =>
        """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (7)","reason":"Expired","code":410}}""";
}
