using System.Text.Json;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Writes a 200 <c>application/json</c> body with the response serializer (<see cref="ResponseJson"/>: the Kubernetes
/// wire format, credentials redacted unless exposed).
/// </summary>
internal static class JsonResponses
{
    /// <summary>Serializes <paramref name="document"/> (by its runtime type) to the response.</summary>
    /// <param name="context">The request.</param>
    /// <param name="document">The body.</param>
    /// <returns>A task that completes when the body is written.</returns>
    public static Task WriteAsync(HttpContext context, object document)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, document, document.GetType(),
            ResponseJson.For(context).Options, context.RequestAborted);
    }
}
