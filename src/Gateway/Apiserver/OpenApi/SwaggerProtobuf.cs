using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// Encodes the Swagger 2.0 JSON of <see cref="OpenApiV2"/> as a gnostic <c>openapi.v2.Document</c> protobuf
/// (<c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>; field numbers from
/// <c>github.com/google/gnostic/openapiv2/OpenAPIv2.proto</c>). kubectl up to 1.27 reads <c>/openapi/v2</c> only in
/// this form and fails on a 404/406. Covers exactly what the document uses: info, paths (operations with query, path
/// and body parameters, 200/401 responses, vendor extensions) and definitions (schemas with $ref, type, format,
/// description, required, enum, items, properties, additionalProperties, vendor extensions). Extension and enum
/// values travel as <c>Any.yaml</c> holding their JSON text (JSON is YAML), as kube-openapi does.
/// </summary>
internal static class SwaggerProtobuf
{
    private static readonly Dictionary<string, int> PathItemFields = new(StringComparer.Ordinal)
    {
        ["get"] = 2, ["put"] = 3, ["post"] = 4, ["delete"] = 5, ["options"] = 6, ["head"] = 7, ["patch"] = 8,
    };

    /// <summary>Encodes the document.</summary>
    /// <param name="swagger">A document built by <see cref="OpenApiV2.Build"/>.</param>
    /// <returns>The protobuf bytes.</returns>
    public static byte[] Encode(JsonObject swagger)
    {
        var document = new ProtoWriter();
        document.String(1, (string?)swagger["swagger"]);
        var info = new ProtoWriter();
        info.String(1, (string?)swagger["info"]?["title"]);
        info.String(2, (string?)swagger["info"]?["version"]);
        document.Message(2, info);
        var paths = new ProtoWriter();
        foreach (var (path, item) in swagger["paths"]!.AsObject())
        {
            paths.Message(2, Named(path, PathItem(item!.AsObject())));
        }

        document.Message(8, paths);
        var definitions = new ProtoWriter();
        foreach (var (name, schema) in swagger["definitions"]!.AsObject())
        {
            definitions.Message(1, Named(name, Schema(schema!.AsObject())));
        }

        document.Message(9, definitions);
        return document.ToArray();
    }

    private static ProtoWriter PathItem(JsonObject item)
    {
        var writer = new ProtoWriter();
        foreach (var (method, operation) in item.OrderBy(p => PathItemFields[p.Key]))
        {
            writer.Message(PathItemFields[method], Operation(operation!.AsObject()));
        }

        return writer;
    }

    private static ProtoWriter Operation(JsonObject operation)
    {
        var writer = new ProtoWriter();
        writer.Strings(1, operation["tags"]);
        writer.String(3, (string?)operation["description"]);
        writer.String(5, (string?)operation["operationId"]);
        writer.Strings(6, operation["produces"]);
        writer.Strings(7, operation["consumes"]);
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            writer.Message(8, new ProtoWriter().Message(1, Parameter(parameter!.AsObject())));
        }

        var responses = new ProtoWriter();
        foreach (var (code, response) in operation["responses"]!.AsObject())
        {
            var body = new ProtoWriter().String(1, (string?)response!["description"]);
            if (response["schema"] is JsonObject schema)
            {
                body.Message(2, new ProtoWriter().Message(1, Schema(schema)));
            }

            responses.Message(1, Named(code, new ProtoWriter().Message(1, body)));
        }

        writer.Message(9, responses);
        writer.Strings(10, operation["schemes"]);
        Extensions(writer, 13, operation);
        return writer;
    }

    private static ProtoWriter Parameter(JsonObject parameter)
    {
        var location = (string?)parameter["in"];
        var required = (bool?)parameter["required"] ?? false;
        if (location == "body")
        {
            var body = new ProtoWriter().String(1, (string?)parameter["description"]).String(2, (string?)parameter["name"])
                .String(3, location).Bool(4, required).Message(5, Schema(parameter["schema"]!.AsObject()));
            return new ProtoWriter().Message(1, body);
        }

        // QueryParameterSubSchema: type 6, uniqueItems 20; PathParameterSubSchema: type 5, uniqueItems 19.
        var query = location == "query";
        var sub = new ProtoWriter().Bool(1, required).String(2, location).String(3, (string?)parameter["description"])
            .String(4, (string?)parameter["name"]).String(query ? 6 : 5, (string?)parameter["type"])
            .Bool(query ? 20 : 19, (bool?)parameter["uniqueItems"] ?? false);
        return new ProtoWriter().Message(2, new ProtoWriter().Message(query ? 3 : 4, sub));
    }

    private static ProtoWriter Schema(JsonObject schema)
    {
        var writer = new ProtoWriter();
        writer.String(1, (string?)schema["$ref"]);
        writer.String(2, (string?)schema["format"]);
        writer.String(4, (string?)schema["description"]);
        writer.Bool(16, (bool?)schema["uniqueItems"] ?? false);
        writer.Strings(19, schema["required"]);
        foreach (var value in schema["enum"]?.AsArray() ?? [])
        {
            writer.Message(20, AnyYaml(value));
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            writer.Message(21, new ProtoWriter().Message(1, Schema(additional)));
        }

        if (schema["type"] is JsonValue type)
        {
            writer.Message(22, new ProtoWriter().String(1, (string?)type));
        }

        if (schema["items"] is JsonObject items)
        {
            writer.Message(23, new ProtoWriter().Message(1, Schema(items)));
        }

        if (schema["properties"] is JsonObject properties)
        {
            var named = new ProtoWriter();
            foreach (var (name, property) in properties)
            {
                named.Message(1, Named(name, Schema(property!.AsObject())));
            }

            writer.Message(25, named);
        }

        Extensions(writer, 31, schema);
        return writer;
    }

    private static void Extensions(ProtoWriter writer, int field, JsonObject owner)
    {
        foreach (var (name, value) in owner.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            writer.Message(field, Named(name, AnyYaml(value)));
        }
    }

    private static ProtoWriter AnyYaml(JsonNode? value) => new ProtoWriter().String(2, value?.ToJsonString() ?? "null");

    private static ProtoWriter Named(string name, ProtoWriter value) => new ProtoWriter().String(1, name).Message(2, value);
}
