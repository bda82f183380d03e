using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>
/// Minimal OpenAPI v3: a root listing every group/version and per-group-version documents whose PATCH operations
/// carry <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> parameter, so that kubectl
/// validates on the server (sends <c>fieldValidation=Strict</c>) instead of needing schemas.
/// </summary>
internal static class OpenApi
{
    private const string ProtobufV2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static Task HandleV3Async(HttpContext context, IReadOnlyList<FakeResource> resources, string[] rest)
    {
        var groupVersions = resources
            .Select(r => (r.Group, r.Version))
            .Distinct()
            .ToList();
        if (rest.Length == 0)
        {
            var paths = new JsonObject();
            foreach (var (group, version) in groupVersions)
            {
                var key = Key(group, version);
                var hash = Hash(resources.Where(r => r.Group == group && r.Version == version));
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }

            return Responses.WriteJsonAsync(context, 200, new JsonObject { ["paths"] = paths });
        }

        var requested = string.Join('/', rest);
        foreach (var (group, version) in groupVersions)
        {
            if (string.Equals(Key(group, version), requested, StringComparison.Ordinal))
            {
                return Responses.WriteJsonAsync(context, 200,
                    Document(resources.Where(r => r.Group == group && r.Version == version)));
            }
        }

        return Responses.WriteTextAsync(context, 404, "404 page not found\n");
    }

    /// <summary>
    /// OpenAPI v2 without definitions: an empty gnostic protobuf document (what kubectl &lt;= 1.27 asks for; it
    /// then validates nothing client-side and builds strategic merge patches from its compiled-in types) or JSON.
    /// </summary>
    public static Task HandleV2Async(HttpContext context)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = ProtobufV2;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }

        return Responses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = new JsonObject(),
            ["definitions"] = new JsonObject(),
        });
    }

    private static string Key(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject Document(IEnumerable<FakeResource> resources)
    {
        var paths = new JsonObject();
        foreach (var r in resources.Where(r => !r.CreateOnly))
        {
            var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
            var scope = r.Namespaced ? "/namespaces/{namespace}" : string.Empty;
            paths[$"{prefix}{scope}/{r.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{r.Kind}",
                    ["parameters"] = new JsonArray(
                        Parameter("dryRun"), Parameter("fieldManager"), Parameter("fieldValidation"),
                        Parameter("force")),
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject
                    {
                        ["group"] = r.Group,
                        ["kind"] = r.Kind,
                        ["version"] = r.Version,
                    },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Parameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = name == "force" ? "boolean" : "string", ["uniqueItems"] = true },
    };

    private static string Hash(IEnumerable<FakeResource> resources)
    {
        var text = string.Join(";", resources.Select(r => $"{r.Plural}:{r.Kind}:{r.Namespaced}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
