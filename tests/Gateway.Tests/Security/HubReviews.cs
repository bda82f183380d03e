using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>
/// Records the bodies of the TokenReviews and SubjectAccessReviews a fake hub receives (install <see cref="InterceptAsync"/>
/// as <see cref="FakeApiServerOptions.Intercept"/>); can also make the hub fail them.
/// </summary>
internal sealed class HubReviews
{
    public const string SubjectAccessReviewPath = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    public const string TokenReviewPath = "/apis/authentication.k8s.io/v1/tokenreviews";

    private readonly ConcurrentQueue<JsonObject> _subjectAccessReviews = new();
    private readonly ConcurrentQueue<JsonObject> _tokenReviews = new();

    public IReadOnlyList<JsonObject> SubjectAccessReviews => [.. _subjectAccessReviews];

    public IReadOnlyList<JsonObject> TokenReviews => [.. _tokenReviews];

    /// <summary>When set, SubjectAccessReviews are answered with this HTTP status (a Status body).</summary>
    public int? FailSubjectAccessReviewsWith { get; set; }

    /// <summary>When set, GETs of this path are answered 403 Forbidden.</summary>
    public string? ForbidPath { get; set; }

    public async Task<bool> InterceptAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (ForbidPath is not null && context.Request.Method == "GET" && path.StartsWith(ForbidPath, StringComparison.Ordinal))
        {
            await WriteStatusAsync(context, 403, "Forbidden", $"configmaps is forbidden: User cannot get {path}");
            return true;
        }

        if (context.Request.Method != "POST" || path is not (SubjectAccessReviewPath or TokenReviewPath))
        {
            return false;
        }

        context.Request.EnableBuffering();
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        context.Request.Body.Position = 0;
        (path == TokenReviewPath ? _tokenReviews : _subjectAccessReviews).Enqueue(body);
        if (path == SubjectAccessReviewPath && FailSubjectAccessReviewsWith is { } code)
        {
            await WriteStatusAsync(context, code, "InternalError", "the hub is having a bad day");
            return true;
        }

        return false;
    }

    private static async Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Status", ["status"] = "Failure", ["code"] = code,
            ["reason"] = reason, ["message"] = message,
        }.ToJsonString(), context.RequestAborted);
    }
}
