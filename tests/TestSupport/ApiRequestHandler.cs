using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterGateway.TestSupport;

/// <summary>
/// The request pipeline: authenticate, log, hold (<see cref="FakeApiServer.Hang"/>), intercept, authorize, then aggregated
/// APIs, discovery or resources.
/// </summary>
internal sealed class ApiRequestHandler(FakeApiServer server)
{
    private readonly Discovery _discovery = new(server);
    private readonly ResourceHandler _resources = new(server);

    public async Task HandleAsync(HttpContext context)
    {
        var options = server.Options;
        var user = Authentication.Authenticate(context, options, server.Ca, out _);
        var recorded = Record(context, user);
        server.Requests.Add(recorded);
        try
        {
            await server.Hangs.HoldAsync(recorded, context.RequestAborted, server.Stopping);
            if (user is null)
            {
                throw new FakeApiException(401, "Unauthorized", "Unauthorized");
            }

            if (options.Intercept is { } intercept && await intercept(context))
            {
                return;
            }

            var path = context.Request.Path.Value ?? "/";
            var watch = context.Request.Query["watch"].ToString() is "true" or "1";
            var info = ApiRequestInfo.Parse(context.Request.Method, path, watch);
            var effective = Authentication.Effective(context, user);
            Authorize(effective, info, path);
            if (server.Aggregator is { } aggregator && await aggregator.TryForwardAsync(context, effective))
            {
                return;
            }

            if (await server.Aggregation.TryForwardAsync(context))
            {
                return;
            }

            if (info.IsResourceRequest)
            {
                await _resources.HandleAsync(context, info);
            }
            else
            {
                await _discovery.HandleAsync(context);
            }
        }
        catch (FakeApiException e) when (!context.Response.HasStarted)
        {
            await Responses.WriteStatusAsync(context, e);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug in the fake: answer like the apiserver does for internal errors, with the cause visible.
            await Responses.WriteStatusAsync(context, new FakeApiException(500, "InternalError",
                $"Internal error occurred: fake API server: {e}"));
        }
    }

    private void Authorize(FakeUser user, ApiRequestInfo info, string path)
    {
        if (server.Options.Authorize is not { } authorize)
        {
            return;
        }

        var request = new FakeAuthorizationRequest(user, info.Verb, info.IsResourceRequest, info.Group, info.Version,
            info.Resource, info.Subresource, info.Namespace, info.Name, path);
        if (authorize(request))
        {
            return;
        }

        var message = info.IsResourceRequest
            ? $"{Forbidden(info)}User \"{user.Name}\" cannot {info.Verb} resource \"{Resource(info)}\" in API group " +
              $"\"{info.Group}\"" + (info.Namespace is null ? " at the cluster scope" : $" in the namespace \"{info.Namespace}\"")
            : $"forbidden: User \"{user.Name}\" cannot {info.Verb} path \"{path}\"";
        var details = new System.Text.Json.Nodes.JsonObject();
        if (info.Name is not null)
        {
            details["name"] = info.Name;
        }

        if (info.Group.Length > 0)
        {
            details["group"] = info.Group;
        }

        if (info.IsResourceRequest)
        {
            details["kind"] = info.Resource;
        }

        throw new FakeApiException(403, "Forbidden", message, details);
    }

    private static string Resource(ApiRequestInfo info) =>
        info.Subresource is null ? info.Resource : $"{info.Resource}/{info.Subresource}";

    private static string Forbidden(ApiRequestInfo info)
    {
        var qualified = info.Group.Length == 0 ? info.Resource : $"{info.Resource}.{info.Group}";
        return info.Name is null ? $"{qualified} is forbidden: " : $"{qualified} \"{info.Name}\" is forbidden: ";
    }

    private static RecordedRequest Record(HttpContext context, FakeUser? user)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(),
            h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            headers, user?.Name, DateTimeOffset.UtcNow)
        {
            Groups = user?.Groups ?? [],
            Protocol = context.Request.Protocol,
            RawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty,
        };
    }
}
