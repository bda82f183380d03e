using System.Buffers;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Copies bytes both ways between an upgraded client connection and the cluster's connection (YARP
/// <c>HandleUpgradedResponse</c>): one copy per direction, each flushing after every read so interactive bytes
/// (a shell prompt, a SPDY ping) are not held back. When either direction ends - end of stream, an I/O error, or the
/// caller's abort - the other is cancelled and the cluster connection is closed, so neither side lingers half-open;
/// kubectl's protocols end sessions explicitly (SPDY FIN and GOAWAY, WebSocket close frames) and never rely on a TCP
/// half-close.
/// </summary>
internal static class UpgradeTunnel
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Pumps until either side closes or <paramref name="aborted"/> fires.</summary>
    /// <param name="client">The upgraded inbound stream (Kestrel).</param>
    /// <param name="cluster">The cluster's raw connection (the 101 response's content stream); closed on return.</param>
    /// <param name="aborted">The inbound request's abort token.</param>
    /// <returns>Bytes copied to the cluster and to the client.</returns>
    public static async Task<(long ToCluster, long ToClient)> PumpAsync(Stream client, Stream cluster,
        CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var toCluster = CopyAsync(client, cluster, stop.Token);
        var toClient = CopyAsync(cluster, client, stop.Token);
        await Task.WhenAny(toCluster, toClient);

        // Either side is done: stop the other direction. Closing the cluster connection also unblocks a read that
        // does not observe cancellation; the client connection closes when the request completes.
        await stop.CancelAsync();
        await cluster.DisposeAsync();
        return (await toCluster, await toClient);
    }

    private static async Task<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await destination.FlushAsync(cancellationToken);
                total += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException
            or HttpRequestException)
        {
            // The direction ended abnormally (peer reset, cancellation after the other side closed): same outcome.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }
}
