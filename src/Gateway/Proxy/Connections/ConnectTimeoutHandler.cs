using System.Security.Authentication;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// Bounds every request's wait for a connection by <c>--upstream-connect-timeout</c> from its own start, and words
/// connection failures (<see cref="ClusterUnreachableException"/>).
/// </summary>
/// <remarks>
/// SocketsHttpHandler's <c>ConnectTimeout</c> bounds one connection attempt, not a request's wait for one. A pool
/// makes one HTTP/2 connection attempt at a time (System.Net.Http <c>HttpConnectionPool.Http2.cs</c>; requests ask
/// for HTTP/2 and the cluster's ALPN answer is unknown until a handshake completes), a failed attempt fails only the
/// request that started it, and the next queued request starts the next attempt. Against a cluster whose TLS
/// handshake hangs, N concurrent requests therefore got their errors one timeout apart. So:
/// <list type="number">
/// <item>each request gets its own deadline, <c>connectTimeout</c> after it entered;</item>
/// <item>at the deadline, if the pool has no open connection (<see cref="ConnectionTracker.Open"/>), the request
/// cannot have been sent - a sent request is on an open connection - so it is cancelled out of the queue and fails
/// with the timeout's cause. With an open connection the request may be under way and is left alone: the deadline
/// bounds connecting, never a slow answer;</item>
/// <item>the deadline ends when the response headers arrive (as HttpClient ends its own timeout then);</item>
/// <item>the attempt's own timeout (an <see cref="OperationCanceledException"/> wrapping a
/// <see cref="TimeoutException"/>, though the caller cancelled nothing) and TLS failures become
/// <see cref="ClusterUnreachableException"/> with the cause the tracker knows.</item>
/// </list>
/// A request that enters while the pool has an open connection gets no deadline (at its deadline it would be left
/// alone unless every connection had closed meanwhile); it waits for the pool's own attempt, bounded by
/// SocketsHttpHandler's <c>ConnectTimeout</c>, as before this handler.
/// Known limit: when the pool holds open connections whose HTTP/2 streams are all taken (over 100 watches) and a
/// further connection attempt hangs, queued requests still wait for the pool's own attempts.
/// </remarks>
/// <param name="inner">The cluster's connection pool.</param>
/// <param name="connectTimeout">The configured timeout; zero or less for none.</param>
/// <param name="tracker">The pool's connection state.</param>
internal sealed class ConnectTimeoutHandler(HttpMessageHandler inner, TimeSpan connectTimeout, ConnectionTracker tracker)
    : DelegatingHandler(inner)
{
    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken) =>
        // With an open connection there is nothing to bound (step 2 would leave the request alone at its deadline
        // too), so the common case costs no timer and no linked token.
        connectTimeout <= TimeSpan.Zero || tracker.Open > 0
            ? SendWordedAsync(request, cancellationToken)
            : SendWithDeadlineAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendWithDeadlineAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        // :: Step 1-3. The linked source is not disposed once headers arrived: an HTTP/2 request body may still be
        // streaming under its token; it is garbage when the request is.
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = new Deadline(linked, tracker);
        using var timer = new Timer(static state => ((Deadline)state!).Expire(), deadline, connectTimeout,
            Timeout.InfiniteTimeSpan);
        try
        {
            var response = await base.SendAsync(request, linked.Token);
            deadline.Answered();
            return response;
        }
        catch (OperationCanceledException e) when (deadline.Expired && !cancellationToken.IsCancellationRequested)
        {
            linked.Dispose();
            throw new ClusterUnreachableException(tracker.TimedOut(), e);
        }
        catch (Exception e) when (Worded(e, linked.Token) is { } worded)
        {
            deadline.Answered();
            linked.Dispose();
            throw worded;
        }
        catch
        {
            deadline.Answered();
            linked.Dispose();
            throw;
        }
    }

    // :: Step 4
    private async Task<HttpResponseMessage> SendWordedAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (Worded(e, cancellationToken) is { } worded)
        {
            throw worded;
        }
    }

    // :: Step 4. The attempt's own timeout (the caller cancelled nothing) and TLS failures, worded; else null.
    private ClusterUnreachableException? Worded(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException { InnerException: TimeoutException } when !cancellationToken.IsCancellationRequested =>
            new ClusterUnreachableException(tracker.TimedOut(), e),
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError, InnerException: AuthenticationException }
            and not ClusterUnreachableException => new ClusterUnreachableException(tracker.HandshakeFailed(), e),
        _ => null,
    };

    // One request's deadline; Expire and Answered race, the first wins.
    private sealed class Deadline(CancellationTokenSource linked, ConnectionTracker tracker)
    {
        private int _state; // 0 pending, 1 answered, 2 expired

        public bool Expired => Volatile.Read(ref _state) == 2;

        public void Answered() => Interlocked.CompareExchange(ref _state, 1, 0);

        public void Expire()
        {
            if (tracker.Open == 0 && Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                try
                {
                    linked.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The request ended meanwhile.
                }
            }
        }
    }
}
