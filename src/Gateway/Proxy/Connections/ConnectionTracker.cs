using System.Diagnostics;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// What one cluster connection pool is doing, as far as its callbacks can tell: how many connections are open (TLS
/// done; counted from <c>PlaintextStreamFilter</c> to the stream's disposal), when a connection attempt last got its
/// transport (TCP or tunnel), and why the latest cluster certificate was rejected. <see cref="ConnectTimeoutHandler"/> uses it to bound
/// queued requests and to word failures. Thread-safe; the rejection is "latest wins" (attempts of one pool share a
/// destination, so they fail alike).
/// </summary>
/// <param name="connectTimeout">The connect timeout, for messages.</param>
/// <param name="route">How connections are made, for messages.</param>
internal sealed class ConnectionTracker(TimeSpan connectTimeout, ConnectionRoute route)
{
    private int _open;
    private long _transportUpAt; // Stopwatch timestamp, 0 for never
    private volatile string? _rejection;

    /// <summary>Connections with TLS done and not yet closed.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>An attempt has its transport (TCP to the first hop, or the tunnel); TLS comes next.</summary>
    public void TransportUp() => Volatile.Write(ref _transportUpAt, Stopwatch.GetTimestamp());

    /// <summary>Wraps a connection whose TLS is done so that its lifetime is counted.</summary>
    /// <param name="stream">The connection's plaintext stream.</param>
    /// <returns>The stream to use.</returns>
    public Stream Opened(Stream stream)
    {
        Interlocked.Increment(ref _open);
        return new CountedStream(stream, () => Interlocked.Decrement(ref _open));
    }

    /// <summary>The certificate validation callback rejected the cluster's certificate.</summary>
    /// <param name="reason">Why, in words (e.g. <c>is not signed by the cluster's CA bundle</c>).</param>
    public void Rejected(string reason) => _rejection = reason;

    /// <summary>The cause of a connect timeout, by how far the attempts got: any attempt still running started
    /// within the last timeout, so a transport that came up since (twice the timeout, for slack: a pool's attempt
    /// starts a little after the request that caused it) means the handshake is what hangs.</summary>
    /// <returns>The message.</returns>
    public string TimedOut()
    {
        var after = GoDuration.Format(connectTimeout);
        var upAt = Volatile.Read(ref _transportUpAt);
        if (upAt == 0 || Stopwatch.GetElapsedTime(upAt) > connectTimeout * 2)
        {
            return route switch
            {
                ConnectionRoute.ClusterProxy => $"the cluster-proxy opened no tunnel to the cluster within {after}",
                ConnectionRoute.ProxyUrl => $"no TCP connection to the proxy-url within {after}",
                _ => $"no TCP connection to the cluster within {after}",
            };
        }

        return route == ConnectionRoute.ProxyUrl
            ? $"the proxy-url tunnel and TLS handshake with the cluster did not complete within {after}"
            : $"TLS handshake with the cluster timed out after {after}";
    }

    /// <summary>The cause of a failed TLS handshake.</summary>
    /// <returns>The message.</returns>
    public string HandshakeFailed() => _rejection is { } reason
        ? $"TLS handshake with the cluster failed: its certificate {reason}"
        : route == ConnectionRoute.ProxyUrl
            ? "TLS handshake failed (with the proxy-url or the cluster)"
            : "TLS handshake with the cluster failed";

    private sealed class CountedStream(Stream inner, Action closed) : IO.DelegatingStream(inner)
    {
        private int _closed;

        public override async ValueTask DisposeAsync()
        {
            MarkClosed();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            MarkClosed();
            base.Dispose(disposing);
        }

        private void MarkClosed()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                closed();
            }
        }
    }
}

/// <summary>How a cluster pool's connections are made.</summary>
internal enum ConnectionRoute
{
    /// <summary>TCP to the endpoint.</summary>
    Direct,

    /// <summary>Through the cluster's <c>proxy-url</c>.</summary>
    ProxyUrl,

    /// <summary>Through an OCM cluster-proxy (konnectivity) tunnel.</summary>
    ClusterProxy,
}
