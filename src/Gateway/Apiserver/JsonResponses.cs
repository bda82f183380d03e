using System.Text.Json;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>Writes a 200 <c>application/json</c> body with the Kubernetes serializer options (<see cref="KubeJson"/>).</summary>
internal static class JsonResponses
{
    /// <summary>Serializes <paramref name="document"/> (by its runtime type) to the response.</summary>
    public static Task WriteAsync(HttpContext context, object document)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, document, document.GetType(), KubeJson.Options,
            context.RequestAborted);
    }
}
