using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport.Apply;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>
/// PATCH: JSON merge patch, strategic merge patch (approximated), JSON patch (each recorded as an <c>Update</c> of its
/// field manager) and server-side apply (<see cref="FieldManager.Apply"/>: schema-aware merge, field ownership,
/// conflicts).
/// </summary>
internal sealed class PatchHandler(FakeApiServer server)
{
    public async Task PatchAsync(HttpContext context, FakeResource resource, string? ns, string name, bool status)
    {
        var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var dryRun = RequestValidation.DryRun(context);
        if (contentType == "application/apply-patch+yaml")
        {
            await ApplyAsync(context, resource, ns, name, status, text, dryRun);
            return;
        }

        Func<JsonObject, JsonObject> patch = contentType switch
        {
            "application/merge-patch+json" => current => AsObject(JsonMergePatch.Apply(current, ParseJson(text))),
            "application/strategic-merge-patch+json" =>
                current => AsObject(StrategicMergePatch.Apply(current, ParseJson(text))),
            "application/json-patch+json" => current => AsObject(JsonPatch.Apply(current,
                ParseJson(text) as JsonArray ?? throw FakeApiException.BadRequest("json patch must be an array"))),
            _ => throw new FakeApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: " +
                "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, " +
                "application/strategic-merge-patch+json"),
        };
        var result = server.Store.Write(resource, ns, name, current =>
        {
            if (current is null)
            {
                throw FakeApiException.NotFound(resource, name);
            }

            var patched = patch(current.DeepClone().AsObject());
            var next = Finish(resource, ns, name, current, patched, status);
            FieldManager.Update(resource, current, next, RequestManager.Of(context), status ? "status" : null,
                server.Store.Now());
            return next;
        }, dryRun);
        await ResourceHandler.WriteObjectAsync(context, server, 200, result.Object!);
    }

    private async Task ApplyAsync(HttpContext context, FakeResource resource, string? ns, string name, bool status,
        string text, bool dryRun)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw new FakeApiException(422, "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var applied = YamlJson.ParseObject(text);
        RequestValidation.CheckTypeAndNamespace(resource, ns, applied);
        if (applied["apiVersion"] is null || applied["kind"] is null)
        {
            throw FakeApiException.BadRequest("apiVersion and kind must be set in an apply configuration");
        }

        Rbac.CreateAuthorization.OnApply(server, context, resource, ns, name);
        var created = false;
        var force = RequestManager.Force(context);
        var result = server.Store.Write(resource, ns, name, current =>
        {
            if (current is null)
            {
                if (status)
                {
                    throw FakeApiException.NotFound(resource, name);
                }

                created = true;
                RequestValidation.ValidateName(resource, name);
            }

            var merged = FieldManager.Apply(resource, current, applied, manager, force, status, server.Store.Now());
            if (current is null)
            {
                return Schema.CustomResourceAdmission.Admit(resource, merged, null);
            }

            var next = Finish(resource, ns, name, current, merged, status);
            ManagedFields.Copy(merged, next);
            return next;
        }, dryRun);
        await ResourceHandler.WriteObjectAsync(context, server, created ? 201 : 200, result.Object!);
    }

    private static JsonObject Finish(FakeResource resource, string? ns, string name, JsonObject current,
        JsonObject patched, bool status)
    {
        var metadata = ObjectMeta.Metadata(patched);
        metadata["name"] = name;
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return ResourceWriter.Updated(resource, name, current, patched, status);
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw FakeApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new FakeApiException(422, "Invalid", "the patched document is not an object");
}
