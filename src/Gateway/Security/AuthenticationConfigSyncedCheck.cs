using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// Readiness: healthy once <see cref="AuthenticationConfigSource.IsSynced"/> (the
/// <c>extension-apiserver-authentication</c> ConfigMap was read, or is not needed). To put it on <c>/readyz</c>:
/// <c>services.AddHealthChecks().AddCheck&lt;AuthenticationConfigSyncedCheck&gt;(AuthenticationConfigSyncedCheck.Name,
/// tags: [HealthzEndpoints.Tags.Readyz])</c>.
/// </summary>
/// <param name="source">The configuration source.</param>
internal sealed class AuthenticationConfigSyncedCheck(AuthenticationConfigSource source) : IHealthCheck
{
    /// <summary>The check's name on <c>/readyz</c>.</summary>
    public const string Name = "authentication-config-synced";

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(source.IsSynced
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the extension-apiserver-authentication ConfigMap has not been read yet"));
}
