namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Writes a <see cref="CachedDocument"/> with its <c>ETag</c>, answering <c>304 Not Modified</c> (no body) when
/// <c>If-None-Match</c> names it, as kube-apiserver's discovery and OpenAPI handlers do (apiserver
/// <c>pkg/endpoints/discovery/aggregated/etag.go</c> <c>ServeHTTPWithETag</c>).
/// </summary>
internal static class CachedResponses
{
    /// <summary>Writes <paramref name="document"/> (200) or 304.</summary>
    /// <param name="context">The request.</param>
    /// <param name="document">The document.</param>
    /// <param name="contentType">The Content-Type of a 200.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public static Task WriteAsync(HttpContext context, CachedDocument document, string contentType)
    {
        var response = context.Response;
        response.Headers.ETag = document.ETag;
        if (document.IsMatchedBy(context.Request.Headers.IfNoneMatch))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = document.Body.Length;
        return response.Body.WriteAsync(document.Body, context.RequestAborted).AsTask();
    }
}
