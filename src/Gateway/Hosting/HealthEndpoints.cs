using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c> in the generic apiserver's format: <c>ok</c> on success; readyz
/// fails with 500 until every cluster source has delivered its initial state
/// (k8s.io/apiserver pkg/server/healthz/healthz.go).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>Maps the health paths.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/livez", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (IClusterRegistry registry) => registry.IsSynced
            ? Results.Text("ok")
            : Results.Text("[-]cluster-sources-synced failed: reason withheld\nreadyz check failed", statusCode: 500));
        return endpoints;
    }
}
