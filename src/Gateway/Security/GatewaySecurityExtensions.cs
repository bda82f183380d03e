using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterGateway.Gateway.Security;

/// <summary>Registers and installs delegated authentication and authorization.</summary>
internal static class GatewaySecurityExtensions
{
    /// <summary>
    /// Registers the security services: <see cref="AuthenticationConfigSource"/> (hosted), the authenticators, the
    /// SubjectAccessReview client (hub mode) and both middlewares. Needs <see cref="HubConnection"/> and
    /// <see cref="LocalTokenAuthentication"/> registered. The readiness check <see cref="AuthenticationConfigSyncedCheck"/>
    /// is registered as a service only; the health wiring adds it to <c>/readyz</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Gateway options (TTLs, always-allowed paths and groups, requestheader flags).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, GatewayOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new AlwaysAllowPaths(options.AuthorizationAlwaysAllowPaths));
        services.AddSingleton<AuthenticationConfigSource>();
        services.AddHostedService(sp => sp.GetRequiredService<AuthenticationConfigSource>());
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<HubConnection>();
            var tokenReview = hub.Authentication is { } client
                ? new TokenReviewAuthenticator(client, options.TokenReviewCacheTtl, sp.GetRequiredService<TimeProvider>())
                : null;
            return new GatewayAuthenticator(sp.GetRequiredService<AuthenticationConfigSource>(),
                sp.GetRequiredService<LocalTokenAuthentication>(), tokenReview);
        });
        services.AddSingleton<AuthenticationMiddleware>();
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<HubConnection>();
            var reviewer = hub.Authorization is { } client
                ? new SubjectAccessReviewer(client, options.AuthorizedCacheTtl, options.UnauthorizedCacheTtl,
                    sp.GetRequiredService<TimeProvider>())
                : null;
            return new AuthorizationMiddleware(sp.GetRequiredService<AlwaysAllowPaths>(),
                options.AuthorizationAlwaysAllowGroups, reviewer,
                sp.GetRequiredService<ILogger<AuthorizationMiddleware>>());
        });
        services.AddSingleton<AuthenticationConfigSyncedCheck>();
        return services;
    }

    /// <summary>
    /// Installs request-info parsing (<see cref="RequestInfoMiddleware"/>), then <see cref="AuthenticationMiddleware"/>,
    /// then <see cref="AuthorizationMiddleware"/> — the generic apiserver's filter order.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app)
    {
        app.Use(RequestInfoMiddleware.InvokeAsync);
        app.Use(app.ApplicationServices.GetRequiredService<AuthenticationMiddleware>().InvokeAsync);
        app.Use(app.ApplicationServices.GetRequiredService<AuthorizationMiddleware>().InvokeAsync);
        return app;
    }
}
