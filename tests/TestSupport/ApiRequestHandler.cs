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
            var effective = Authorize(context, user, info, path);
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

    /// <summary>Authorizes the request; returns the identity it acts as (the impersonated one when allowed).</summary>
    private FakeUser Authorize(HttpContext context, FakeUser user, ApiRequestInfo info, string path)
    {
        var effective = Rbac.Impersonation.Authorize(server, context, user);
        Rbac.RequestAttributes.SetUser(context, effective);
        var request = new FakeAuthorizationRequest(effective, info.Verb, info.IsResourceRequest, info.Group, info.Version,
            info.Resource, info.Subresource, info.Namespace, Rbac.RequestAttributes.Name(context, info.Verb, info.Name), path);
        var decision = Rbac.FakeAuthorizer.Decide(server, request);
        if (!decision.Allowed)
        {
            throw Rbac.Forbidden.For(request, decision.Reason);
        }

        return effective;
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
