using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>TokenReview (against <see cref="FakeApiServerOptions.Tokens"/>) and SubjectAccessReview (for the user in its
/// spec) or SelfSubjectAccessReview (for the caller), answered like requests are authorized
/// (<see cref="FakeApiServerOptions.Authorize"/>, then RBAC when <see cref="FakeApiServerOptions.Rbac"/> is on), as used by
/// delegated authentication/authorization and <c>kubectl auth can-i</c>.</summary>
internal sealed class ReviewHandler(FakeApiServer server)
{
    public async Task HandleAsync(HttpContext context, FakeResource resource)
    {
        var review = await Responses.ReadObjectAsync(context);
        RequestValidation.CheckTypeAndNamespace(resource, null, review);
        review["kind"] = resource.Kind;
        review["apiVersion"] = resource.ApiVersion;
        review["metadata"] ??= new JsonObject();
        var spec = review["spec"] as JsonObject ?? [];
        review["status"] = resource.Plural switch
        {
            "tokenreviews" => TokenStatus(spec),
            "selfsubjectaccessreviews" => AccessStatus(spec, Rbac.RequestAttributes.User(context)),
            _ => AccessStatus(spec, null),
        };
        await Responses.WriteJsonAsync(context, 201, review);
    }

    private JsonObject TokenStatus(JsonObject spec)
    {
        var token = spec["token"]?.GetValue<string>() ?? string.Empty;
        if (Authentication.ForToken(server.Options, token) is not { } user)
        {
            return new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" };
        }

        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = new JsonObject
            {
                ["username"] = user.Name,
                ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]),
            },
            ["audiences"] = spec["audiences"]?.DeepClone(),
        };
    }

    private JsonObject AccessStatus(JsonObject spec, FakeUser? caller)
    {
        var groups = (spec["groups"] as JsonArray)?.Select(g => g!.GetValue<string>()).ToList() ?? [];
        var user = caller ?? new FakeUser(spec["user"]?.GetValue<string>() ?? string.Empty, groups);
        FakeAuthorizationRequest request;
        if (spec["resourceAttributes"] is JsonObject ra)
        {
            request = new FakeAuthorizationRequest(user, Str(ra, "verb") ?? string.Empty, true,
                Str(ra, "group") ?? string.Empty, Str(ra, "version") ?? string.Empty,
                Str(ra, "resource") ?? string.Empty, NullIfEmpty(Str(ra, "subresource")),
                NullIfEmpty(Str(ra, "namespace")), NullIfEmpty(Str(ra, "name")), string.Empty);
        }
        else
        {
            var nra = spec["nonResourceAttributes"] as JsonObject ?? [];
            request = new FakeAuthorizationRequest(user, Str(nra, "verb") ?? string.Empty, false, string.Empty,
                string.Empty, string.Empty, null, null, null, Str(nra, "path") ?? string.Empty);
        }

        var decision = Rbac.FakeAuthorizer.Decide(server, request);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.ByPolicyCallback)
        {
            status["reason"] = "denied by the fake API server's policy";
        }
        else if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        return status;
    }

    private static string? Str(JsonObject o, string key) => o[key]?.GetValue<string>();

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
