using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// <c>GET /openapi/v2</c>: a Swagger 2.0 document of the gateway's paths and definitions (what kube-aggregator merges
/// into the hub's <c>/openapi/v2</c>; shape of kube-apiserver's, <c>k8s.io/kube-openapi</c>).
/// Built once from <see cref="OpenApiOperations"/> and <see cref="OpenApiDefinitions"/>.
/// </summary>
internal static class OpenApiV2
{
    private static readonly Lazy<CachedDocument> JsonDocument = new(() => CachedDocument.FromJson(Build()));
    private static readonly Lazy<CachedDocument> ProtobufDocument = new(() =>
        CachedDocument.FromBytes(SwaggerProtobuf.Encode(Build())));

    /// <summary>The JSON document.</summary>
    public static CachedDocument Json => JsonDocument.Value;

    /// <summary>The same document as a gnostic <c>openapi_v2.Document</c> protobuf (what kubectl &lt;= 1.27 reads).</summary>
    public static CachedDocument Protobuf => ProtobufDocument.Value;

    /// <summary>Builds the document.</summary>
    /// <returns>A fresh node.</returns>
    public static JsonObject Build()
    {
        var paths = OpenApiOperations.ToPaths(Operation);

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = OpenApiDefinitions.Info(),
            ["paths"] = paths,
            ["definitions"] = OpenApiDefinitions.Create(),
        };
    }

    private static JsonObject Operation(OpenApiOperation operation)
    {
        var parameters = new JsonArray([.. operation.Parameters.Select(Parameter)]);
        if (operation.Body is { } body)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "body",
                ["in"] = "body",
                ["required"] = true,
                ["schema"] = new JsonObject { ["$ref"] = "#/definitions/" + body },
            });
        }

        var result = new JsonObject { ["description"] = operation.Description };
        if (operation.Consumes.Count > 0)
        {
            result["consumes"] = OpenApiDefinitions.Strings(operation.Consumes);
        }

        result["produces"] = OpenApiDefinitions.Strings(operation.Produces);
        result["schemes"] = OpenApiDefinitions.Strings(["https"]);
        result["tags"] = OpenApiDefinitions.Strings(["clusterCoreOamDev_v1alpha1"]);
        result["operationId"] = operation.OperationId;
        result["parameters"] = parameters;
        result["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["schema"] = operation.Response is { } response
                    ? new JsonObject { ["$ref"] = "#/definitions/" + response }
                    : new JsonObject { ["type"] = "string" },
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
            ["uniqueItems"] = true,
            ["type"] = parameter.Type,
            ["description"] = parameter.Description,
            ["name"] = parameter.Name,
            ["in"] = parameter.In,
        };
        if (parameter.Required)
        {
            result["required"] = true;
        }

        return result;
    }
}
