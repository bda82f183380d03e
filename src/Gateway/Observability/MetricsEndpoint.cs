namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (<see cref="PrometheusTextFormat"/>). Like kube-apiserver's, it is
/// a non-resource path behind authentication and authorization: a caller needs <c>get</c> on the non-resource URL
/// <c>/metrics</c> (e.g. ClusterRole <c>system:monitoring</c>), unless <c>--authorization-always-allow-paths</c> lists it.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The path.</summary>
    public const string Path = "/metrics";

    /// <summary>Maps <c>/metrics</c> and starts the collector (so no measurement is missed).</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        var collector = endpoints.ServiceProvider.GetRequiredService<MetricsCollector>();
        endpoints.MapGet(Path, async context =>
        {
            context.Response.ContentType = PrometheusTextFormat.ContentType;
            await context.Response.WriteAsync(PrometheusTextFormat.Write(collector.Families), context.RequestAborted);
        });
        return endpoints;
    }
}
