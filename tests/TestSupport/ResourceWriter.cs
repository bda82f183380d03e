using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>create (POST), update (PUT, also /status), delete and deletecollection.</summary>
internal sealed class ResourceWriter(FakeApiServer server)
{
    public async Task CreateAsync(HttpContext context, FakeResource resource, string? ns)
    {
        var body = await Responses.ReadObjectAsync(context);
        RequestValidation.CheckTypeAndNamespace(resource, ns, body);
        var metadata = ObjectMeta.Metadata(body);
        var name = ObjectMeta.Name(body);
        if (string.IsNullOrEmpty(name))
        {
            var prefix = ObjectMeta.GetString(body, "generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw FakeApiException.Invalid(resource, "", "metadata.name",
                    "Required value: name or generateName is required");
            }

            name = FakeObjectStore.GenerateName(prefix);
            metadata["name"] = name;
        }

        RequestValidation.ValidateName(resource, name);
        NamespaceLifecycle.AdmitCreate(server.Store, resource, ns, name, server.Options.NamespaceMustExist);
        var result = server.Store.Write(resource, ns, name, current =>
        {
            if (current is not null)
            {
                throw FakeApiException.AlreadyExists(resource, name);
            }

            if (resource.StatusSubresource && resource.Plural != "namespaces")
            {
                body.Remove("status");
            }

            Apply.FieldManager.Update(resource, null, body, Apply.RequestManager.Of(context), null, server.Store.Now());
            return Schema.CustomResourceAdmission.Admit(resource, body, null);
        }, RequestValidation.DryRun(context));
        await ResourceHandler.WriteObjectAsync(context, server, 201, result.Object!);
    }

    public async Task UpdateAsync(HttpContext context, FakeResource resource, string? ns, string name, bool status)
    {
        var body = await Responses.ReadObjectAsync(context);
        RequestValidation.CheckTypeAndNamespace(resource, ns, body);
        var bodyName = ObjectMeta.Name(body);
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw FakeApiException.BadRequest(
                $"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var result = server.Store.Write(resource, ns, name, current =>
        {
            var next = Updated(resource, name, current, body, status);
            Apply.FieldManager.Update(resource, current, next, Apply.RequestManager.Of(context),
                status ? "status" : null, server.Store.Now());
            return next;
        }, RequestValidation.DryRun(context));
        await ResourceHandler.WriteObjectAsync(context, server, 200, result.Object!);
    }

    /// <summary>The next state for an update: preconditions, and which part (main or status) may change.</summary>
    public static JsonObject Updated(FakeResource resource, string name, JsonObject? current, JsonObject desired,
        bool status)
    {
        if (current is null)
        {
            throw FakeApiException.NotFound(resource, name);
        }

        var expected = ObjectMeta.ResourceVersion(desired);
        if (!string.IsNullOrEmpty(expected) && expected != ObjectMeta.ResourceVersion(current))
        {
            throw FakeApiException.Conflict(resource, name);
        }

        if (status)
        {
            var next = current.DeepClone().AsObject();
            next["status"] = desired["status"]?.DeepClone();
            return Schema.CustomResourceAdmission.Admit(resource, next, current);
        }

        if (resource.StatusSubresource && resource.Plural != "namespaces")
        {
            desired["status"] = current["status"]?.DeepClone();
            if (desired["status"] is null)
            {
                desired.Remove("status");
            }
        }

        return Schema.CustomResourceAdmission.Admit(resource, desired, current);
    }

    public async Task DeleteAsync(HttpContext context, FakeResource resource, string? ns, string name)
    {
        var options = await Responses.ReadOptionalObjectAsync(context);
        var result = Delete(resource, ns, name, options, DeletePropagation.Policy(context, options),
            RequestValidation.DryRun(context));
        if (result.EventType != "DELETED" || resource.DeleteReturnsObject)
        {
            await ResourceHandler.WriteObjectAsync(context, server, 200, result.Object!);
            return;
        }

        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Plural;
        details["uid"] = ObjectMeta.GetString(result.Object!, "uid");
        await Responses.WriteJsonAsync(context, 200, KubeStatus.Success(details));
    }

    public async Task DeleteCollectionAsync(HttpContext context, FakeResource resource, string? ns)
    {
        var options = await Responses.ReadOptionalObjectAsync(context);
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"]);
        var policy = DeletePropagation.Policy(context, options);
        var deleted = new JsonArray();
        foreach (var obj in server.Store.List(resource, ns).Where(o => labels.Matches(o) && fields.Matches(o)))
        {
            var result = Delete(resource, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj)!, options, policy,
                RequestValidation.DryRun(context));
            if (result.Object is not null)
            {
                deleted.Add(result.Object);
            }
        }

        await Responses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = resource.Kind + "List",
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = server.Store.ResourceVersion.ToString(
                System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        });
    }

    private WriteResult Delete(FakeResource resource, string? ns, string name, JsonObject? options, string? policy,
        bool dryRun) =>
        server.Store.Write(resource, ns, name, current =>
        {
            if (current is null)
            {
                throw FakeApiException.NotFound(resource, name);
            }

            CheckPreconditions(resource, name, current, options);
            return NamespaceLifecycle.IsNamespaces(resource)
                ? NamespaceLifecycle.Deleting(current, policy, server.Store.Now())
                : DeletePropagation.Deleting(current, policy, server.Store.Now());
        }, dryRun);

    private static void CheckPreconditions(FakeResource resource, string name, JsonObject current, JsonObject? options)
    {
        if (options?["preconditions"] is not JsonObject preconditions)
        {
            return;
        }

        var uid = ObjectMeta.GetString(current, "uid");
        if (preconditions["uid"]?.GetValue<string>() is { Length: > 0 } expectedUid && expectedUid != uid)
        {
            throw FakeApiException.Conflict(resource, name,
                $"Precondition failed: UID in precondition: {expectedUid}, UID in object meta: {uid}");
        }

        var rv = ObjectMeta.ResourceVersion(current);
        if (preconditions["resourceVersion"]?.GetValue<string>() is { Length: > 0 } expectedRv && expectedRv != rv)
        {
            throw FakeApiException.Conflict(resource, name,
                $"Precondition failed: ResourceVersion in precondition: {expectedRv}, " +
                $"ResourceVersion in object meta: {rv}");
        }
    }
}
