using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c> in the generic apiserver's format
/// (k8s.io/apiserver pkg/server/healthz/healthz.go): <c>ok</c> on success; <c>?verbose</c> lists <c>[+]check ok</c>
/// lines; a failure answers 500 with every check listed and <c>[-]check failed: reason withheld</c>;
/// <c>?exclude=check</c> skips checks; <c>/readyz/check</c> runs one. The checks are ASP.NET Core health checks
/// tagged with the endpoint names they belong to (<see cref="Tags"/>).
/// </summary>
internal static class HealthzEndpoints
{
    /// <summary>Tag names: a check tagged <c>livez</c> runs on <c>/livez</c> (and always on <c>/healthz</c>).</summary>
    public static class Tags
    {
        public const string Livez = "livez";
        public const string Readyz = "readyz";
    }

    /// <summary>
    /// Registers the built-in checks: <c>ping</c> everywhere; <c>cluster-sources-synced</c> and <c>shutdown</c>
    /// (<see cref="ShutdownCheck"/>) on readyz.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The health-checks builder, for more checks.</returns>
    public static IHealthChecksBuilder AddGatewayHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck("ping", () => HealthCheckResult.Healthy(), [Tags.Livez, Tags.Readyz])
            .AddCheck<ClusterSourcesSyncedCheck>("cluster-sources-synced", tags: [Tags.Readyz])
            .AddCheck<ShutdownCheck>(ShutdownCheck.Name, tags: [Tags.Readyz]);

    /// <summary>Maps the three endpoints and their per-check paths.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapHealthzEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, tag) in new[] { ("healthz", (string?)null), ("livez", Tags.Livez), ("readyz", Tags.Readyz) })
        {
            endpoints.MapGet("/" + path, (HttpContext context, HealthCheckService checks) =>
                RespondAsync(context, checks, path, tag, only: null));
            endpoints.MapGet("/" + path + "/{check}", (HttpContext context, HealthCheckService checks, string check) =>
                RespondAsync(context, checks, path, tag, only: check));
        }

        return endpoints;
    }

    private static async Task RespondAsync(HttpContext context, HealthCheckService checks, string path, string? tag,
        string? only)
    {
        var excluded = context.Request.Query["exclude"].Where(e => e is not null).ToHashSet(StringComparer.Ordinal);
        var report = await checks.CheckHealthAsync(
            registration => (tag is null || registration.Tags.Contains(tag)) &&
                            (only is null || registration.Name == only) && !excluded.Contains(registration.Name),
            context.RequestAborted);
        if (only is not null && report.Entries.Count == 0)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var failed = report.Entries.Any(e => e.Value.Status != HealthStatus.Healthy);
        var verbose = context.Request.Query.ContainsKey("verbose");
        context.Response.StatusCode = failed ? 500 : 200;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (!failed && !verbose)
        {
            await context.Response.WriteAsync("ok", context.RequestAborted);
            return;
        }

        var text = new StringBuilder();
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(entry.Status == HealthStatus.Healthy ? $"[+]{name} ok\n" : $"[-]{name} failed: reason withheld\n");
        }

        foreach (var name in excluded)
        {
            text.Append($"[+]{name} excluded: ok\n");
        }

        text.Append(failed ? $"{path} check failed\n" : $"{path} check passed\n");
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
