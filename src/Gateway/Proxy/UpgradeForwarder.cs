using System.Diagnostics;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Kube.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Net.Http.Headers;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Forwards a protocol upgrade - <c>kubectl exec</c>, <c>attach</c>, <c>cp</c>, <c>port-forward</c> over SPDY/3.1 or
/// WebSocket (<c>v5.channel.k8s.io</c>, <c>SPDY/3.1+portforward.k8s.io</c>) - and then relays bytes. The gateway
/// does not speak those protocols; the managed cluster decides what it supports (peers-protocols §D4; YARP
/// <c>HttpForwarder</c> upgrade handling):
/// <list type="number">
/// <item>exempt the request from minimum data rates and request timeouts;</item>
/// <item>send the upgrade request on HTTP/1.1 through the cluster's pooled invoker - same TLS, client certificate,
/// proxy-url and credential as any proxied call (<see cref="ClusterRequestBuilder"/>);</item>
/// <item>a non-101 answer (403, 404, 400 ...) is relayed as is, so kubectl reports it or falls back to SPDY;</item>
/// <item>on <c>101 Switching Protocols</c> copy its headers verbatim (<c>Upgrade</c>, <c>Sec-WebSocket-Accept</c>,
/// <c>Sec-WebSocket-Protocol</c>, <c>X-Stream-Protocol-Version</c>), upgrade the inbound connection, and pump bytes
/// both ways with <see cref="UpgradeTunnel"/> until either side closes. SocketsHttpHandler hands the raw
/// connection out as the 101 response's content stream.</item>
/// </list>
/// Errors: the cluster unreachable gives a 503 Status (nothing was sent yet); after the 101 a failure just closes
/// both connections.
/// </summary>
internal static partial class UpgradeForwarder
{
    /// <summary>Forwards the upgrade request and, when the cluster switches protocols, tunnels the connection.</summary>
    /// <param name="proxyRequest">The proxied request; <see cref="ProxyRequestContext.IsUpgrade"/> is true.</param>
    /// <param name="transport">The cluster's transport.</param>
    /// <param name="target">Absolute upstream URL (raw path and query).</param>
    /// <param name="logger">Logs the tunnel's life.</param>
    /// <returns><see langword="null"/> when a response was relayed; otherwise the Status to write.</returns>
    public static async Task<Status?> ForwardAsync(ProxyRequestContext proxyRequest, ClusterTransport transport,
        Uri target, ILogger logger)
    {
        var context = proxyRequest.HttpContext;
        // :: Step 1. An exec session or a port-forward may be idle for hours.
        ClusterForwarder.LiftDataRates(context);
        context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();

        // :: Step 2. HTTP/1.1 upgrade request with the cluster's credential.
        using var request = ClusterRequestBuilder.Create(proxyRequest, transport, target, upgrade: true);
        var (response, failure) = await ClusterForwarder.SendAsync(context, transport, request);
        if (response is null)
        {
            return failure;
        }

        using (response)
        {
            if (response.StatusCode != System.Net.HttpStatusCode.SwitchingProtocols)
            {
                // :: Step 3. Not switching: kubectl decides (error, or fall back from WebSocket to SPDY).
                await ClusterForwarder.RelayAsync(context, response);
                return null;
            }

            // :: Step 4. Switch, then relay bytes.
            await TunnelAsync(context, response, proxyRequest.Path.Cluster, logger);
        }

        return null;
    }

    private static async Task TunnelAsync(HttpContext context, HttpResponseMessage response, string cluster,
        ILogger logger)
    {
        var aborted = context.RequestAborted;
        var upgrade = context.Features.GetRequiredFeature<IHttpUpgradeFeature>();
        await using var clusterStream = await response.Content.ReadAsStreamAsync(aborted);

        context.Response.StatusCode = StatusCodes.Status101SwitchingProtocols;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            // Kestrel writes Connection: Upgrade itself; everything else (Upgrade included) goes through verbatim.
            if (ProxyHeaders.IsForwardedResponseHeader(name) ||
                name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        var protocol = LogText.Escape(Protocol(response));
        Stream clientStream;
        try
        {
            clientStream = await upgrade.UpgradeAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Nothing sensible can follow a half-done switch: drop the client connection (and the cluster's).
            Log.UpgradeFailed(logger, cluster, LogText.Escape(e.Message));
            context.Abort();
            return;
        }

        Log.Opened(logger, cluster, protocol);
        var started = Stopwatch.GetTimestamp();
        await using (clientStream)
        {
            var (toCluster, toClient) = await UpgradeTunnel.PumpAsync(clientStream, clusterStream, aborted);
            var session = Stopwatch.GetElapsedTime(started);
            var state = RequestState.Of(context);
            (state.Session, state.ResponseBytes) = (session, toClient);
            Log.Closed(logger, cluster, protocol, session.TotalSeconds, toCluster, toClient);
        }
    }

    private static string Protocol(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Sec-WebSocket-Protocol", out var ws) ? "websocket " + string.Join(',', ws)
        : response.Headers.TryGetValues("X-Stream-Protocol-Version", out var spdy) ? "SPDY " + string.Join(',', spdy)
        : string.Join(',', response.Headers.Upgrade);

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Debug,
            Message = "Upgraded connection to cluster {Cluster} opened ({Protocol})")]
        public static partial void Opened(ILogger logger, string cluster, string protocol);

        [LoggerMessage(EventId = 311, Level = LogLevel.Debug,
            Message = "Upgraded connection to cluster {Cluster} ({Protocol}) closed after {Seconds:F1}s: " +
                      "{ToCluster} bytes to the cluster, {ToClient} bytes to the client")]
        public static partial void Closed(ILogger logger, string cluster, string protocol, double seconds,
            long toCluster, long toClient);

        [LoggerMessage(EventId = 312, Level = LogLevel.Warning,
            Message = "Cluster {Cluster} switched protocols but the client connection could not be upgraded: {Reason}")]
        public static partial void UpgradeFailed(ILogger logger, string cluster, string reason);
    }
}
