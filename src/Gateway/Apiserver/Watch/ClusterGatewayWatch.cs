using ClusterGateway.Gateway.Clusters;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace ClusterGateway.Gateway.Apiserver.Watch;

/// <summary>
/// <c>GET .../clustergateways?watch=true</c> (also <c>/watch/clustergateways[/{name}]</c>): a stream of the registry's
/// changes as the client sees them. A cluster is in the client's view when it is valid and passes the selectors;
/// entering the view is ADDED, changing inside it MODIFIED, leaving it (removed, invalid, relabelled) DELETED with
/// the last state stamped with the change's resourceVersion (kube-apiserver's watch cache does the same for
/// selectors, apiserver <c>pkg/storage/cacher/cache_watcher.go</c>).
/// </summary>
/// <remarks>
/// 1. Subscribe to the registry, from the requested resourceVersion or from now; too old, or (local revisions) not
///    issued by this process: 200 with an ERROR event (410 Expired) and the end of the stream, which makes clients
///    relist.
/// 2. Send the headers, then the initial ADDED events (current state) or the replayed changes after the resourceVersion.
/// 3. Forward live changes, each with its own resourceVersion; send BOOKMARKs every
///    <see cref="ClusterGatewayWatchOptions.BookmarkInterval"/> when allowed.
/// 4. End at <c>timeoutSeconds</c> or when the client goes away. A feed that overflowed (the client reads too slowly)
///    or was reset (the gateway relisted) ends with ERROR 410 Expired, never silently, so the client relists.
/// A hub resourceVersion ahead of this replica waits up to 3 s for it, then ends with ERROR 504 with cause
/// ResourceVersionTooLarge, as kube-apiserver's cacher does (client-go relists on it).
/// </remarks>
internal static class ClusterGatewayWatch
{
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(3);

    /// <summary>Serves the watch until it ends.</summary>
    /// <param name="context">The request.</param>
    /// <param name="request">The negotiated request with its watch options.</param>
    /// <param name="name">Watch one object (the <c>/watch/clustergateways/{name}</c> form); null for all.</param>
    /// <returns>A task that completes when the watch ended.</returns>
    public static async Task ServeAsync(HttpContext context, ClusterGatewayRequest request, string? name = null)
    {
        var watch = request.Watch!;
        var registry = context.RequestServices.GetRequiredService<IClusterRegistry>();
        var options = context.RequestServices.GetService<ClusterGatewayWatchOptions>() ?? ClusterGatewayWatchOptions.Default;
        context.Features.Get<IHttpMinResponseDataRateFeature>()?.MinDataRate = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (watch.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var subscription = registry.Subscribe(watch.SendInitialEvents ? null : watch.ResumeAfter);
        var writer = new WatchEventWriter(context.Response, request);
        var view = new WatchView(request, name);
        try
        {
            await writer.StartAsync(timeout.Token);
            var position = subscription.Start.Revision;
            if (watch.ResumeAfter is { } after && !watch.SendInitialEvents)
            {
                if (subscription.Replay is not { } replay)
                {
                    await writer.WriteErrorAsync(after < subscription.OldestRevision
                        ? ApiStatuses.Expired(after, subscription.OldestRevision)
                        : ApiStatuses.Expired($"resource version {after} was not issued by this gateway process " +
                            $"(current: {subscription.Start.Revision}); relist"), timeout.Token);
                    return;
                }

                foreach (var change in replay)
                {
                    await view.WriteAsync(writer, change, timeout.Token);
                }

                if (after > position)
                {
                    position = await CatchUpAsync(subscription, registry, view, writer, after, timeout.Token);
                    if (position < after)
                    {
                        return;
                    }
                }
            }
            else if (watch.SendInitialEvents)
            {
                await view.WriteInitialAsync(writer, subscription.Start, timeout.Token);
                if (watch.InitialEventsEndBookmark)
                {
                    await writer.WriteBookmarkAsync(position, initialEventsEnd: true, timeout.Token);
                }
            }

            await FollowAsync(subscription, view, writer, watch.AllowBookmarks ? options.BookmarkInterval : null,
                position, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // timeoutSeconds elapsed or the client left: end the stream normally.
        }
        catch (Exception e) when (e is ClusterSubscriptionOverflowException or ClusterSubscriptionResetException)
        {
            // Too far behind, or the history was reset: the rest cannot be sent without a gap, so say so.
            try
            {
                await writer.WriteErrorAsync(ApiStatuses.Expired(e.Message), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
            }
        }
    }

    // Changes up to the requested revision are already the client's; returns the position reached (below `after`
    // after an ERROR was sent).
    private static async Task<long> CatchUpAsync(ClusterSubscription subscription, IClusterRegistry registry,
        WatchView view, WatchEventWriter writer, long after, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CatchUpLimit);
        var position = subscription.Start.Revision;
        try
        {
            while (position < after && await subscription.WaitToReadAsync(limit.Token))
            {
                while (position < after && subscription.TryRead(out var change))
                {
                    position = change.Revision;
                    if (change.Revision > after)
                    {
                        await view.WriteAsync(writer, change, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var current = registry.State.Revision;
            if (current >= after)
            {
                return Math.Max(position, after);
            }

            await writer.WriteErrorAsync(ApiStatuses.TooLargeResourceVersion(after, current), cancellationToken);
        }

        return position;
    }

    private static async Task FollowAsync(ClusterSubscription subscription, WatchView view, WatchEventWriter writer,
        TimeSpan? bookmarkInterval, long position, CancellationToken cancellationToken)
    {
        using var timer = bookmarkInterval is { } interval ? new PeriodicTimer(interval) : null;
        var read = subscription.WaitToReadAsync(cancellationToken).AsTask();
        var never = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously).Task;
        var tick = timer?.WaitForNextTickAsync(cancellationToken).AsTask() ?? never;
        while (true)
        {
            var done = await Task.WhenAny(read, tick);
            if (done == read)
            {
                if (!await read)
                {
                    return;
                }

                while (subscription.TryRead(out var change))
                {
                    position = change.Revision;
                    await view.WriteAsync(writer, change, cancellationToken);
                }

                read = subscription.WaitToReadAsync(cancellationToken).AsTask();
            }
            else
            {
                if (!await tick)
                {
                    return;
                }

                await writer.WriteBookmarkAsync(position, initialEventsEnd: false, cancellationToken);
                tick = timer!.WaitForNextTickAsync(cancellationToken).AsTask();
            }
        }
    }
}
