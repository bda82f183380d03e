using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>Routes resource requests and serves the reads (get, list with selectors and paging).</summary>
internal sealed class ResourceHandler(FakeApiServer server)
{
    private readonly ResourceWriter _writer = new(server);
    private readonly PatchHandler _patcher = new(server);
    private readonly WatchHandler _watcher = new(server);
    private readonly ReviewHandler _reviews = new(server);
    private readonly Streaming.PodStreamHandler _podStreams = new(server);

    public async Task HandleAsync(HttpContext context, ApiRequestInfo info)
    {
        var resource = server.Store.FindResource(info.Group, info.Version, info.Resource) ??
            throw FakeApiException.ResourceNotFound();
        var ns = resource.Namespaced ? info.Namespace : null;
        if ((resource.Namespaced && ns is null && info.Name is not null) ||
            (!resource.Namespaced && info.Namespace is not null && resource.Plural != "namespaces"))
        {
            throw FakeApiException.ResourceNotFound();
        }

        if (Streaming.PodStreamHandler.Handles(resource, info.Subresource) && info.Name is not null)
        {
            await _podStreams.HandleAsync(context, ns, info.Name, info.Subresource!);
            return;
        }

        // Negotiate before acting: an unacceptable Accept must not leave a write behind.
        ContentNegotiation.Negotiate(context.Request.Headers.Accept.ToString());

        if (info.Subresource is not null && (info.Subresource != "status" || !resource.StatusSubresource))
        {
            throw FakeApiException.ResourceNotFound();
        }

        if (resource.CreateOnly)
        {
            await (info.Verb == "create" && info.Name is null
                ? _reviews.HandleAsync(context, resource)
                : throw FakeApiException.MethodNotAllowed(context.Request.Method));
            return;
        }

        var status = info.Subresource == "status";
        switch (info.Verb)
        {
            case "list":
                await ListAsync(context, resource, ns);
                break;
            case "watch":
                await _watcher.HandleAsync(context, resource, ns, info.Name);
                break;
            case "get":
                await GetAsync(context, resource, ns, info.Name!);
                break;
            case "create" when info.Name is null:
                await _writer.CreateAsync(context, resource, ns);
                break;
            case "update" when info.Name is not null:
                await _writer.UpdateAsync(context, resource, ns, info.Name, status);
                break;
            case "patch" when info.Name is not null:
                if (!status && (context.Request.ContentType ?? string.Empty).StartsWith("application/apply-patch",
                        StringComparison.OrdinalIgnoreCase) && server.Store.Get(resource, ns, info.Name) is null)
                {
                    // A server-side apply that creates is a create for admission.
                    NamespaceLifecycle.AdmitCreate(server.Store, resource, ns, info.Name,
                        server.Options.NamespaceMustExist);
                }

                await _patcher.PatchAsync(context, resource, ns, info.Name, status);
                break;
            case "delete" when !status:
                await _writer.DeleteAsync(context, resource, ns, info.Name!);
                break;
            case "deletecollection" when !status:
                await _writer.DeleteCollectionAsync(context, resource, ns);
                break;
            default:
                throw FakeApiException.MethodNotAllowed(context.Request.Method);
        }
    }

    /// <summary>Writes an object in the negotiated representation.</summary>
    public static Task WriteObjectAsync(HttpContext context, FakeApiServer server, int statusCode, JsonObject obj)
    {
        var format = ContentNegotiation.Negotiate(context.Request.Headers.Accept.ToString());
        JsonObject body = format switch
        {
            OutputFormat.Table => TableWriter.ToTable([obj],
                TableWriter.ParseIncludeObject(context.Request.Query["includeObject"]), server.Store.Time.GetUtcNow(),
                ObjectMeta.ResourceVersion(obj), columns: PrinterColumns.ForObject(server.Store, obj)),
            OutputFormat.PartialObjectMetadata => TableWriter.PartialObjectMetadata(obj),
            _ => obj,
        };
        return Responses.WriteJsonAsync(context, statusCode, body, ContentNegotiation.ContentType(format));
    }

    private async Task GetAsync(HttpContext context, FakeResource resource, string? ns, string name)
    {
        var obj = server.Store.Get(resource, ns, name) ?? throw FakeApiException.NotFound(resource, name);
        await WriteObjectAsync(context, server, 200, obj);
    }

    private async Task ListAsync(HttpContext context, FakeResource resource, string? ns)
    {
        var format = ContentNegotiation.Negotiate(context.Request.Headers.Accept.ToString());
        var query = context.Request.Query;
        var includeObject = format == OutputFormat.Table ? TableWriter.ParseIncludeObject(query["includeObject"]) : "";
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var after = string.IsNullOrEmpty(query["continue"]) ? null : DecodeContinue(query["continue"]!);
        int? limit = int.TryParse(query["limit"], out var parsedLimit) && parsedLimit > 0 ? parsedLimit : null;
        var (items, rv, following) = server.Store.ListPage(resource, ns,
            o => after is null || string.CompareOrdinal(Key(o), after) > 0, o => labels.Matches(o) && fields.Matches(o),
            limit);

        string? continueToken = null;
        long? remaining = null;
        if (following > 0)
        {
            remaining = following;
            continueToken = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key(items[^1])));
        }

        var rvText = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonObject body;
        if (format == OutputFormat.Table)
        {
            body = TableWriter.ToTable(items, includeObject, server.Store.Time.GetUtcNow(), rvText, continueToken,
                PrinterColumns.For(server.Store, resource));
        }
        else
        {
            var metadata = new JsonObject { ["resourceVersion"] = rvText };
            if (continueToken is not null)
            {
                metadata["continue"] = continueToken;
                metadata["remainingItemCount"] = remaining;
            }

            var partial = format == OutputFormat.PartialObjectMetadata;
            body = new JsonObject
            {
                ["kind"] = partial ? "PartialObjectMetadataList" : resource.Kind + "List",
                ["apiVersion"] = partial ? "meta.k8s.io/v1" : resource.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = new JsonArray([.. items.Select(o => (JsonNode)(partial
                    ? TableWriter.PartialObjectMetadata(o)
                    : ListItem(resource, o)))]),
            };
        }

        await Responses.WriteJsonAsync(context, 200, body, ContentNegotiation.ContentType(format));
    }

    private static JsonObject ListItem(FakeResource resource, JsonObject obj)
    {
        if (resource.BuiltIn)
        {
            obj.Remove("kind");
            obj.Remove("apiVersion");
        }

        return obj;
    }

    private static string Key(JsonObject obj) => $"{ObjectMeta.Namespace(obj)}/{ObjectMeta.Name(obj)}";

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw FakeApiException.BadRequest("continue key is not valid: illegal base64 data");
        }
    }
}
