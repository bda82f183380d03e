using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>TokenReview (against <see cref="FakeApiServerOptions.Tokens"/>) and SubjectAccessReview (against
/// <see cref="FakeApiServerOptions.Authorize"/>), as used by delegated authentication/authorization.</summary>
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
            _ => AccessStatus(spec),
        };
        await Responses.WriteJsonAsync(context, 201, review);
    }

    private JsonObject TokenStatus(JsonObject spec)
    {
        var token = spec["token"]?.GetValue<string>() ?? string.Empty;
        if (!server.Options.Tokens.TryGetValue(token, out var user))
        {
            return new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" };
        }

        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = new JsonObject
            {
                ["username"] = user,
                ["groups"] = new JsonArray(Authentication.Authenticated),
            },
            ["audiences"] = spec["audiences"]?.DeepClone(),
        };
    }

    private JsonObject AccessStatus(JsonObject spec)
    {
        var groups = (spec["groups"] as JsonArray)?.Select(g => g!.GetValue<string>()).ToList() ?? [];
        var user = new FakeUser(spec["user"]?.GetValue<string>() ?? string.Empty, groups);
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

        var allowed = server.Options.Authorize?.Invoke(request) ?? true;
        var status = new JsonObject { ["allowed"] = allowed };
        if (!allowed)
        {
            status["reason"] = "denied by the fake API server's policy";
        }

        return status;
    }

    private static string? Str(JsonObject o, string key) => o[key]?.GetValue<string>();

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
