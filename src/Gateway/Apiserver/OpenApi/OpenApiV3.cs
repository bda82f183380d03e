using System.Text.Json.Nodes;
using ClusterGateway.Crds;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// OpenAPI v3 (k8s.io/kube-openapi <c>pkg/handler3/handler.go</c>): the root
/// <c>GET /openapi/v3</c> = <c>{"paths":{"apis/cluster.core.oam.dev/v1alpha1":{"serverRelativeURL":
/// "/openapi/v3/apis/cluster.core.oam.dev/v1alpha1?hash=&lt;H&gt;"}}}</c> and the group-version document
/// (<c>openapi: 3.0.0</c>, the <see cref="OpenApiOperations"/> and the <see cref="OpenApiDefinitions"/> under
/// <c>components.schemas</c>) whose hash is H. Schemas are converted from v2 form: references point to
/// <c>#/components/schemas/</c>, and a <c>$ref</c> with sibling keys becomes <c>allOf: [{$ref}]</c> plus the
/// siblings, as kube-apiserver emits it (siblings of <c>$ref</c> are ignored in OpenAPI 3.0).
/// </summary>
internal static class OpenApiV3
{
    /// <summary>The group-version key of the root's <c>paths</c>.</summary>
    public const string GroupVersionKey = "apis/" + ApiGroups.ClusterApiVersion;

    private const string V2Prefix = "#/definitions/";
    private const string V3Prefix = "#/components/schemas/";

    private static readonly Lazy<CachedDocument> GroupVersionDocument = new(() => CachedDocument.FromJson(BuildGroupVersion()));
    private static readonly Lazy<CachedDocument> RootDocument = new(() => CachedDocument.FromJson(new JsonObject
    {
        ["paths"] = new JsonObject
        {
            [GroupVersionKey] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{GroupVersionKey}?hash={GroupVersion.Hash}" },
        },
    }));

    /// <summary>The <c>cluster.core.oam.dev/v1alpha1</c> document.</summary>
    public static CachedDocument GroupVersion => GroupVersionDocument.Value;

    /// <summary>The root (discovery) document.</summary>
    public static CachedDocument Root => RootDocument.Value;

    /// <summary>Builds the group-version document.</summary>
    /// <returns>A fresh node.</returns>
    public static JsonObject BuildGroupVersion()
    {
        var paths = OpenApiOperations.ToPaths(Operation);

        var schemas = OpenApiDefinitions.Create();
        Convert(schemas);
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = OpenApiDefinitions.Info(),
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(OpenApiOperation operation)
    {
        var result = new JsonObject
        {
            ["tags"] = OpenApiDefinitions.Strings(["clusterCoreOamDev_v1alpha1"]),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
            ["parameters"] = new JsonArray([.. operation.Parameters.Select(Parameter)]),
        };
        if (operation.Body is { } body)
        {
            result["requestBody"] = new JsonObject
            {
                ["content"] = Content(operation.Consumes, () => Reference(body)),
                ["required"] = true,
            };
        }

        result["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = Content(operation.Produces,
                    () => operation.Response is { } response ? Reference(response) : new JsonObject { ["type"] = "string" }),
            },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        };
        result["x-kubernetes-action"] = operation.Action;
        result["x-kubernetes-group-version-kind"] = OpenApiDefinitions.GroupVersionKind(operation.Kind);
        return result;
    }

    private static JsonObject Parameter(OpenApiParameter parameter)
    {
        var result = new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = parameter.In,
            ["description"] = parameter.Description,
        };
        if (parameter.Required)
        {
            result["required"] = true;
        }

        result["schema"] = new JsonObject { ["type"] = parameter.Type, ["uniqueItems"] = true };
        return result;
    }

    private static JsonObject Content(IEnumerable<string> mediaTypes, Func<JsonObject> schema) =>
        new(mediaTypes.Select(type => KeyValuePair.Create<string, JsonNode?>(type, new JsonObject { ["schema"] = schema() })));

    private static JsonObject Reference(string definition) => new() { ["$ref"] = V3Prefix + definition };

    // Rewrites every $ref to components and wraps a $ref that has siblings in allOf.
    private static void Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList())
                {
                    Convert(child);
                }

                if (obj["$ref"] is JsonValue reference && (string?)reference is { } target)
                {
                    var rewritten = V3Prefix + target[V2Prefix.Length..];
                    obj.Remove("$ref");
                    if (obj.Count == 0)
                    {
                        obj["$ref"] = rewritten;
                    }
                    else
                    {
                        obj["allOf"] = new JsonArray(new JsonObject { ["$ref"] = rewritten });
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Convert(child);
                }

                break;
        }
    }
}
