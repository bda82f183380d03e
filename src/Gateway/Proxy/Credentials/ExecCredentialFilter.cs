using ClusterGateway.Crds;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>
/// Fetches a Dynamic cluster's exec credential before the request is forwarded: a token becomes the request's
/// <see cref="ProxyRequestContext.BearerToken"/> (a client certificate is applied by the transport's
/// <see cref="ExecCredentialHandler"/>). A failing plugin answers 503 ServiceUnavailable
/// <c>cluster X: exec credential plugin "cmd" failed: ...</c> for that cluster only.
/// </summary>
/// <param name="transports">The transport cache (it parses and holds each cluster's <see cref="ExecPlugin"/>).</param>
/// <param name="credentials">The credential cache.</param>
internal sealed class ExecCredentialFilter(ClusterTransportCache transports, ExecCredentialCache credentials) : IProxyFilter
{
    /// <inheritdoc/>
    public async ValueTask<Status?> OnRequestAsync(ProxyRequestContext context)
    {
        if (context.Gateway.Spec.Access.Credential?.Type != CredentialTypes.Dynamic)
        {
            return null;
        }

        ExecPlugin? plugin;
        try
        {
            context.Transport ??= transports.Get(context.Gateway);
            plugin = context.Transport.ExecPlugin;
        }
        catch (ClusterTransportException)
        {
            // The endpoint answers with the transport's error when it asks for the transport itself.
            return null;
        }

        if (plugin is null)
        {
            return null;
        }

        try
        {
            var credential = await credentials.GetAsync(plugin, context.HttpContext.RequestAborted);
            if (credential.Token is { } token)
            {
                context.BearerToken = token;
            }

            return null;
        }
        catch (ExecCredentialException e)
        {
            return Failed(plugin, e.Message);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; forwarding notices at once.
            return null;
        }
    }

    /// <summary>503 for a plugin failure: <c>cluster X: exec credential plugin "cmd" failed: reason</c>.</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="reason">What went wrong.</param>
    /// <returns>The Status.</returns>
    public static Status Failed(ExecPlugin plugin, string reason) => Status.Failure(503, "ServiceUnavailable",
        $"cluster {plugin.Cluster}: exec credential plugin \"{plugin.Command}\" failed: {reason}",
        new StatusDetails { Name = plugin.Cluster, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways });
}
