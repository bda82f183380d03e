using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>Writes JSON bodies and Status errors.</summary>
internal static class Responses
{
    public const string Json = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body,
        string contentType = Json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    public static Task WriteStatusAsync(HttpContext context, FakeApiException error) =>
        WriteJsonAsync(context, error.Code, error.ToStatus());

    public static Task WriteTextAsync(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    /// <summary>Reads the request body as a JSON, YAML or (core/v1 subset) protobuf object.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var contentType = context.Request.ContentType ?? Json;
        if (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return KubeProtobuf.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw FakeApiException.BadRequest("the body of the request was in an unknown format - " +
                "accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }

        if (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
        {
            return YamlJson.ParseObject(text);
        }

        if (contentType.Contains("cbor", StringComparison.OrdinalIgnoreCase))
        {
            throw new FakeApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: " +
                "application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw FakeApiException.BadRequest("expected a JSON object");
        }
        catch (JsonException e)
        {
            throw FakeApiException.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    /// <summary>Reads an optional body (DELETE options); null when empty or not an object.</summary>
    public static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            throw FakeApiException.BadRequest("the body of the request could not be decoded as DeleteOptions");
        }
    }
}
