using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ClusterGateway.Gateway.Egress.Konnectivity;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Konnectivity;

/// <summary>
/// One <c>/ProxyService/Proxy</c> call: DIAL_REQ → TCP connect → DIAL_RSP, then DATA both ways until CLOSE_REQ (then
/// CLOSE_RSP) or the end of the call. Tells <paramref name="opened"/> about each connection and
/// <paramref name="closeRequested"/> about each CLOSE_REQ.
/// </summary>
internal sealed class GrpcProxyCall(HttpContext context, Func<string, IPEndPoint?> resolve,
    Action<string, long> opened, Action<long> closeRequested)
{
    private static long s_nextConnectId;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task RunAsync()
    {
        context.Response.ContentType = "application/grpc";
        var aborted = context.RequestAborted;
        var dial = await ReadAsync(aborted);
        if (dial?.DialRequest is { } refused &&
            refused.Address.StartsWith(TestKonnectivityServer.RefusingHost + ":", StringComparison.OrdinalIgnoreCase))
        {
            // A trailers-only gRPC status, as a proxy-server that will not serve the caller answers.
            context.Response.Headers["grpc-status"] = "7";
            context.Response.Headers["grpc-message"] = "permission denied";
            return;
        }

        context.Response.AppendTrailer("grpc-status", "0");
        await context.Response.StartAsync();
        if (dial?.DialRequest is not { } request)
        {
            return;
        }

        var target = resolve(request.Address);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var connectId = Interlocked.Increment(ref s_nextConnectId);
        try
        {
            if (target is null)
            {
                // What a konnectivity proxy-server answers when no agent serves the destination.
                await WriteAsync(new Packet { Type = PacketType.DialRsp, DialResponse = new DialResponse { Random = request.Random, Error = "No agent available" } }, aborted);
                return;
            }

            await socket.ConnectAsync(target, aborted);
        }
        catch (SocketException e)
        {
            // An agent's failed dial, in Go's words.
            var error = e.SocketErrorCode == SocketError.ConnectionRefused ? "connect: connection refused" : e.SocketErrorCode.ToString();
            await WriteAsync(new Packet { Type = PacketType.DialRsp, DialResponse = new DialResponse { Random = request.Random, Error = $"dial tcp {target}: {error}" } }, aborted);
            return;
        }

        opened(request.Address, connectId);
        await WriteAsync(new Packet { Type = PacketType.DialRsp, DialResponse = new DialResponse { Random = request.Random, ConnectID = connectId } }, aborted);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var upstream = PumpFromTargetAsync(stream, connectId, aborted);
        while (await ReadAsync(aborted) is { } packet)
        {
            if (packet.Type == PacketType.CloseReq)
            {
                closeRequested(packet.CloseRequest.ConnectID);
                break;
            }

            if (packet.Type == PacketType.Data)
            {
                await stream.WriteAsync(packet.Data.Data_.Memory, aborted);
            }
        }

        socket.Shutdown(SocketShutdown.Both);
        await upstream;
        await WriteAsync(new Packet { Type = PacketType.CloseRsp, CloseResponse = new CloseResponse { ConnectID = connectId } }, CancellationToken.None);
    }

    private async Task PumpFromTargetAsync(NetworkStream stream, long connectId, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await WriteAsync(new Packet { Type = PacketType.Data, Data = new Data { ConnectID = connectId, Data_ = ByteString.CopyFrom(buffer, 0, read) } }, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task<Packet?> ReadAsync(CancellationToken cancellationToken)
    {
        var header = new byte[5];
        try
        {
            if (await context.Request.Body.ReadAtLeastAsync(header, 5, throwOnEndOfStream: false, cancellationToken) < 5)
            {
                return null;
            }

            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
            await context.Request.Body.ReadExactlyAsync(body, cancellationToken);
            return Packet.Parser.ParseFrom(body);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private async Task WriteAsync(Packet packet, CancellationToken cancellationToken)
    {
        var size = packet.CalculateSize();
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)size);
        packet.WriteTo(frame.AsSpan(5));
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await context.Response.Body.WriteAsync(frame, cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
