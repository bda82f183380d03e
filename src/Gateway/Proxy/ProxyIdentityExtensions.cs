using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Proxy.Authorization;
using ClusterGateway.Gateway.Proxy.Identity;
using ClusterGateway.Gateway.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>Registers the identity and authorization of proxied requests.</summary>
internal static class ProxyIdentityExtensions
{
    /// <summary>
    /// Registers, as <see cref="IProxyFilter"/>s (run in <see cref="ProxyFilterPipeline.Order"/>):
    /// <see cref="SubpathAuthorizationFilter"/> (with <c>--authorize-proxy-subpath</c>) and
    /// <see cref="ImpersonationFilter"/> (always: it also removes the <c>impersonate</c> query parameter). Reads <c>--cluster-gateway-proxy-config</c> now, so a bad file fails the
    /// start; per-cluster rules are validated when clusters load (<see cref="ClusterProxyConfigurations"/>, hosted).
    /// Needs <see cref="HubConnection"/> registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Gateway options.</param>
    /// <returns>The same collection.</returns>
    /// <exception cref="InvalidOperationException">The rules file is unreadable or invalid, or
    /// <c>--authorize-proxy-subpath</c> is given in local mode (no hub to review on; silently authorizing nothing
    /// would be worse).</exception>
    public static IServiceCollection AddProxyIdentity(this IServiceCollection services, GatewayOptions options)
    {
        if (options.AuthorizeProxySubpath && options.IsLocalMode)
        {
            throw new InvalidOperationException(
                "--authorize-proxy-subpath sends SubjectAccessReviews to the hub; it cannot be used in local mode " +
                "(--clusters-dir, --import-kubeconfig), where only the gateway's own token authenticates.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(GlobalProxyConfiguration.Load(options.ClusterGatewayProxyConfig));
        if (options.AuthorizeProxySubpath)
        {
            services.AddSingleton<IProxyFilter>(sp => new SubpathAuthorizationFilter(
                new SubjectAccessReviewer(sp.GetRequiredService<HubConnection>().Authorization!,
                    options.AuthorizedCacheTtl, options.UnauthorizedCacheTtl, sp.GetRequiredService<TimeProvider>()),
                options.AuthorizationAlwaysAllowGroups, sp.GetRequiredService<ILogger<SubpathAuthorizationFilter>>()));
        }

        services.AddSingleton(sp => new ExternalIdentityClient(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IdentityExchanger>();
        services.AddSingleton<ClusterProxyConfigurations>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterProxyConfigurations>());
        services.AddSingleton<IProxyFilter, ImpersonationFilter>();
        return services;
    }
}
