using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Crds;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Health;

/// <summary>
/// The <c>clustergateways/{name}/health</c> subresource (upstream <c>clustergateway_health.go</c>): GET returns the
/// ClusterGateway; PUT (a ClusterGateway body) and PATCH (<c>application/merge-patch+json</c> or
/// <c>application/strategic-merge-patch+json</c> against the current ClusterGateway) set <c>status.healthy</c> and
/// <c>status.healthyReason</c>, stored on the cluster's Secret by <see cref="HealthWriter"/>. A PUT's
/// <c>metadata.resourceVersion</c>, or one a patch sets, is a precondition: the resourceVersion a GET of this cluster
/// shows (with OCM integration, that of the merged object). A write is answered with what the next GET shows; on
/// OCM-merged clusters the written health outranks the ManagedCluster's condition while fresh (<see cref="ProbeFreshness"/>).
/// Errors: 404 unknown cluster, 503 invalid cluster, 400 bad body or name mismatch, 409 conflict,
/// 405 in local mode, 415 other patch types.
/// </summary>
internal static class HealthSubresource
{
    private const string Route = "/apis/" + ApiGroups.ClusterGroup + "/" + ApiGroups.Version + "/" +
        ApiGroups.ClusterGateways + "/{name}/health";

    /// <summary>Maps GET, PUT and PATCH on the health subresource.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapClusterGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (HttpContext context, string name, IClusterRegistry registry) =>
            Lookup(registry, name, out var gateway) is { } failure
                ? StatusResponses.WriteAsync(context, failure)
                : JsonResponses.WriteAsync(context, gateway!));
        endpoints.MapPut(Route, HandleWriteAsync);
        endpoints.MapPatch(Route, HandleWriteAsync);
        return endpoints;
    }

    private static async Task HandleWriteAsync(HttpContext context, string name, IClusterRegistry registry,
        HealthWriter writer)
    {
        if (Lookup(registry, name, out var current) is { } missing)
        {
            await StatusResponses.WriteAsync(context, missing);
            return;
        }

        V1Alpha1ClusterGateway? desired;
        string? precondition;
        try
        {
            (desired, precondition) = await ReadDesiredAsync(context, current!);
        }
        catch (JsonException e)
        {
            await StatusResponses.WriteAsync(context, Status.Failure(400, "BadRequest", $"invalid body: {e.Message}"));
            return;
        }
        catch (NotSupportedException e)
        {
            await StatusResponses.WriteAsync(context, Status.Failure(415, "UnsupportedMediaType", e.Message));
            return;
        }

        if (desired is null)
        {
            await StatusResponses.WriteAsync(context, Status.Failure(400, "BadRequest", "the body must be a ClusterGateway"));
            return;
        }

        if (desired.Metadata.Name is { Length: > 0 } bodyName && bodyName != name)
        {
            await StatusResponses.WriteAsync(context, Status.Failure(400, "BadRequest",
                $"the name of the object ({bodyName}) does not match the name on the URL ({name})"));
            return;
        }

        try
        {
            var (gateway, failure) = await writer.WriteAsync(name, desired.Status, precondition, context.RequestAborted);
            await (failure is null
                ? JsonResponses.WriteAsync(context, gateway!)
                : StatusResponses.WriteAsync(context, failure));
        }
        catch (KubeApiException e)
        {
            // The hub's own answer (NotFound, Forbidden, ...) says best what went wrong.
            await StatusResponses.WriteAsync(context, e.Status);
        }
    }

    // The desired object and the caller's precondition: a PUT's resourceVersion, or the one a patch itself sets (a
    // patch is applied to the current object, whose resourceVersion is no precondition of the caller's), as
    // staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go treats them.
    private static async Task<(V1Alpha1ClusterGateway? Desired, string? Precondition)> ReadDesiredAsync(
        HttpContext context, V1Alpha1ClusterGateway current)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        string? precondition = null;
        if (HttpMethods.IsPatch(context.Request.Method))
        {
            var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
            if (mediaType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
            {
                throw new NotSupportedException(
                    $"the health subresource accepts application/merge-patch+json and " +
                    $"application/strategic-merge-patch+json patches, not {mediaType ?? "an untyped body"}");
            }

            precondition = body is JsonObject patch && patch["metadata"] is JsonObject metadata &&
                metadata["resourceVersion"] is JsonValue version && version.TryGetValue<string>(out var text)
                ? text
                : null;
            body = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(current, KubeJson.Options), body);
            return (body.Deserialize<V1Alpha1ClusterGateway>(KubeJson.Options), precondition);
        }

        var desired = body.Deserialize<V1Alpha1ClusterGateway>(KubeJson.Options);
        return (desired, desired?.Metadata.ResourceVersion);
    }

    private static Status? Lookup(IClusterRegistry registry, string name, out V1Alpha1ClusterGateway? gateway)
    {
        gateway = null;
        if (!registry.Snapshot.TryGetValue(name, out var entry))
        {
            return ApiStatuses.NotFound(name);
        }

        gateway = entry.Gateway;
        return gateway is null ? ApiStatuses.Unavailable(name, entry.Error) : null;
    }
}
