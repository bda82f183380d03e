using ClusterGateway.Gateway.Apiserver;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// A watch through the fan-out target (<c>clustergateways/*/proxy/...?watch=1</c>): one response stream multiplexing
/// the watch of every selected cluster (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
/// </summary>
/// <remarks>
/// <para>Stream: <c>200</c>, <c>Content-Type: application/json</c>, chunked, one <c>{"type","object"}</c> event per
/// line, flushed as they come. Every object carries the <c>cluster.core.oam.dev/cluster-name</c> annotation; Table
/// events (<c>kubectl get -w</c>) get a <c>CLUSTER</c> column first. Every event's <c>metadata.resourceVersion</c> is a
/// <see cref="ClusterVector"/> of the latest resourceVersion per cluster, so a watch resumed from it resumes each
/// cluster where the stream was; a plain resourceVersion other than <c>""</c> or <c>0</c> is 400 BadRequest. Clusters'
/// BOOKMARKs become one BOOKMARK with the vector.</para>
/// <para>Clusters that cannot be watched at the start get one <c>Warning: 299 - "cluster c3: reason"</c> header each
/// (kubectl prints them) and are retried; when none can be, the answer is their error (their common code, else 503).
/// A cluster whose watch ends or breaks later is re-established on its own from its last resourceVersion, with backoff,
/// and logged; the others keep flowing. A cluster answering 410 Gone ends the stream with one ERROR event carrying a
/// 410 Expired Status naming it: the client relists rather than miss events.</para>
/// <para>Clusters that join the selection (<see cref="IFanOutMembership.WaitForChangeAsync"/>) start with their current
/// objects as ADDED events (a relist's view); clusters that leave are no longer watched, without DELETED events for
/// their objects (a relist drops them). <c>timeoutSeconds</c> bounds the whole stream; the caller leaving cancels every
/// cluster's watch.</para>
/// </remarks>
internal static class FanOutWatch
{
    /// <summary>Serves the fan-out watch until <c>timeoutSeconds</c>, the caller leaving, or a cluster's 410.</summary>
    /// <param name="context">The caller's request; its response receives the stream (or a Status error).</param>
    /// <param name="membership">The selected and authorized clusters, followed while the stream runs.</param>
    /// <param name="query">The caller's raw query (leading <c>?</c> or empty) without the gateway-only parameters; it
    /// has <c>watch=1</c> or <c>watch=true</c>.</param>
    /// <param name="cancellationToken">Ends the stream (the caller went away, the gateway shuts down).</param>
    /// <returns>A task that completes when the stream ended.</returns>
    public static Task ServeAsync(HttpContext context, IFanOutMembership membership, string query,
        CancellationToken cancellationToken) =>
        ServeAsync(context, membership, query, partial: true, cancellationToken);

    /// <summary>Serves the fan-out watch; with <paramref name="partial"/> false (<c>?partial=false</c>) a cluster that
    /// fails at the start makes the answer a 503 naming it instead of a <c>Warning</c> header.</summary>
    /// <param name="context">The caller's request; its response receives the stream (or a Status error).</param>
    /// <param name="membership">The selected and authorized clusters, followed while the stream runs.</param>
    /// <param name="query">The caller's raw query without the gateway-only parameters.</param>
    /// <param name="partial">Whether the stream may start without some clusters.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>A task that completes when the stream ended.</returns>
    public static async Task ServeAsync(HttpContext context, IFanOutMembership membership, string query, bool partial,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(membership);
        var parsed = FanOutWatchQuery.Parse(query ?? "", out var error);
        if (parsed is null)
        {
            await StatusResponses.WriteAsync(context, error!);
            return;
        }

        var services = context.RequestServices;
        var options = services.GetService<FanOutWatchOptions>() ?? FanOutWatchOptions.Default;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(FanOutWatch).FullName!) ??
            NullLogger.Instance;

        // A quiet watch sends nothing for minutes; Kestrel must not take that for a slow reader.
        context.Features.Get<IHttpMinResponseDataRateFeature>()?.MinDataRate = null;
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (parsed.Timeout is { } timeout)
        {
            stream.CancelAfter(timeout);
        }

        var session = new FanOutWatchSession(context, membership, parsed, options, time, logger, stream.Token)
        {
            Partial = partial,
        };
        await session.RunAsync();
    }
}
