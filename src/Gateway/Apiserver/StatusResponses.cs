using System.Text.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Writes <c>metav1.Status</c> error bodies the way kube-apiserver does: status code = <c>Status.code</c>,
/// <c>Content-Type: application/json</c>, so kubectl prints <c>Error from server (Reason): message</c>.
/// </summary>
internal static class StatusResponses
{
    /// <summary>Writes <paramref name="status"/> unless the response has started (then the connection is aborted).</summary>
    /// <param name="context">The request whose response receives the Status.</param>
    /// <param name="status">The Status; its <c>code</c> becomes the HTTP status code.</param>
    /// <returns>A task that completes when the body is written.</returns>
    public static async Task WriteAsync(HttpContext context, Status status)
    {
        if (context.Response.HasStarted)
        {
            // Headers are gone: the only honest signal left is a broken stream (YARP does the same).
            context.Abort();
            return;
        }

        context.Response.StatusCode = status.Code;
        context.Response.ContentType = "application/json";
        // A few hundred bytes: serialized at once, so the length is known (Content-Length, the access log's bytes).
        var body = JsonSerializer.SerializeToUtf8Bytes(status, ResponseJson.For(context).Options);
        context.Response.ContentLength = body.Length;
        RequestState.Of(context).ResponseBytes = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
