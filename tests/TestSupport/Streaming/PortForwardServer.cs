using System.Collections.Concurrent;
using ClusterGateway.TestSupport.Spdy;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// Port-forward over a SPDY session (<c>portforward.k8s.io</c>, kubelet's portforward server; client-go
/// tools/portforward/portforward.go): per forwarded connection the client opens an <c>error</c> stream and a
/// <c>data</c> stream carrying the same <c>port</c> and <c>requestID</c> headers. Every port of a fake pod is an echo
/// server: bytes written to the data stream come back on it; when the client FINs the data stream the echo ends with
/// FIN on both streams. The error stream carries nothing unless something failed.
/// </summary>
internal static class PortForwardServer
{
    public static async Task RunAsync(SpdyConnection connection, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentDictionary<string, SpdyStream>(StringComparer.Ordinal);
        var echoes = new List<Task>();
        while (await connection.AcceptAsync(cancellationToken) is { } stream)
        {
            var requestId = stream.Header("requestID") ?? string.Empty;
            switch (stream.Header(StreamProtocols.StreamTypeHeader))
            {
                case "error":
                    errors[requestId] = stream;
                    break;
                case "data":
                    echoes.Add(EchoAsync(stream, requestId, errors, cancellationToken));
                    break;
                default:
                    await stream.CloseWriteAsync(cancellationToken);
                    break;
            }
        }

        await Task.WhenAll(echoes);
    }

    private static async Task EchoAsync(SpdyStream data, string requestId,
        ConcurrentDictionary<string, SpdyStream> errors, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            if (!int.TryParse(data.Header("port"), System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                await FailAsync(errors, requestId, "invalid port header", cancellationToken);
                return;
            }

            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await data.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await data.CloseWriteAsync(cancellationToken);
            if (errors.TryRemove(requestId, out var error))
            {
                await error.CloseWriteAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection went away mid-echo.
        }
    }

    private static async Task FailAsync(ConcurrentDictionary<string, SpdyStream> errors, string requestId,
        string message, CancellationToken cancellationToken)
    {
        if (errors.TryRemove(requestId, out var error))
        {
            await error.WriteAsync(System.Text.Encoding.UTF8.GetBytes(message), cancellationToken);
            await error.CloseWriteAsync(cancellationToken);
        }
    }
}
