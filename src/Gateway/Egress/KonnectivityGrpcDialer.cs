using System.Net.Sockets;
using System.Threading.Channels;
using ClusterGateway.Gateway.Egress.Konnectivity;
using Grpc.Core;
using Grpc.Net.Client;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// Dials through a konnectivity proxy-server's gRPC frontend (OCM cluster-proxy's default): one <c>ProxyService.Proxy</c>
/// bidirectional-streaming call (<c>rpc Proxy(stream Packet) returns (stream Packet)</c>, apiserver-network-proxy
/// konnectivity-client/proto/client/client.proto) per tunnelled connection, made with the client Grpc.Tools generates
/// from <c>konnectivity.proto</c> on one <see cref="GrpcChannel"/>, so all calls are streams of the handler's pooled
/// HTTP/2 connection (mTLS to the proxy server). Protocol (konnectivity-client pkg/client/client.go): send
/// DIAL_REQ{protocol tcp, address, random}, receive DIAL_RSP{connectID, error, random}; then DATA both ways, CLOSE_REQ
/// and CLOSE_RSP to end (<see cref="KonnectivityStream"/>). Unlike upstream's single-use tunnels per request, the
/// connection a dial returns is pooled by the caller's HTTP handler and reused for many requests.
/// </summary>
/// <remarks>
/// The channel gets its HTTP/2 connections from the given handler as configured (TLS options, connect
/// timeout, keep-alive pings): the handler's own <c>ConnectCallback</c> is set (a plain TCP connect unless one is
/// given), which keeps Grpc.Net.Client's connection balancer out of it (GrpcChannel treats a handler with a
/// <c>ConnectCallback</c> as custom), so connection failures and timeouts surface as the handler reports them.
/// </remarks>
internal sealed class KonnectivityGrpcDialer : IEgressDialer, IDisposable
{
    /// <summary>Largest message accepted (gRPC's default receive limit, 4 MiB).</summary>
    public const int MaxMessageSize = 4 * 1024 * 1024;

    private readonly GrpcChannel _channel;
    private readonly ProxyService.ProxyServiceClient _client;
    private readonly string _server;
    private readonly TimeSpan _dialTimeout;
    private readonly ProxyServerTrust? _trust;

    /// <summary>Creates the dialer and its channel; the channel owns <paramref name="handler"/>.</summary>
    /// <param name="handler">HTTP/2 transport to the proxy server (its <c>SslOptions</c> carry the mTLS settings).</param>
    /// <param name="server">Proxy server base URL, e.g. <c>https://proxy-entrypoint:8090</c>.</param>
    /// <param name="dialTimeout">How long to wait for DIAL_RSP (konnectivity-client's backstop is 30 s).</param>
    /// <param name="trust">What the handler's TLS connections showed, to word failures; <see langword="null"/> if unknown.</param>
    public KonnectivityGrpcDialer(SocketsHttpHandler handler, Uri server, TimeSpan dialTimeout,
        ProxyServerTrust? trust = null)
    {
        handler.ConnectCallback ??= ConnectAsync;
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageSize,
            // Cancellation (the dial timeout, the caller, closing a tunnel) shows as itself, not as a Status.
            ThrowOperationCanceledOnCancellation = true,
        });
        _client = new ProxyService.ProxyServiceClient(_channel);
        _server = server.Authority;
        _dialTimeout = dialTimeout;
        _trust = trust;
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = $"{host}:{port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_dialTimeout);

        // Bounded: a fast writer waits for the proxy instead of buffering without limit.
        var outgoing = Channel.CreateBounded<Packet>(new BoundedChannelOptions(16) { SingleReader = true });
        var random = Random.Shared.NextInt64(1, long.MaxValue);
        outgoing.Writer.TryWrite(new Packet
        {
            Type = PacketType.DialReq,
            DialRequest = new DialRequest { Protocol = "tcp", Address = address, Random = random },
        });

        // The call outlives the dial (it is the tunnel): no token; disposing it ends it.
        var call = _client.Proxy(cancellationToken: CancellationToken.None);
        var sending = SendAsync(outgoing, call.RequestStream);
        try
        {
            // The response headers first: a call that could not start (no connection, TLS) fails them with the
            // transport's error, while its response stream reports only a cancellation (Grpc.Net.Client GrpcCall).
            await call.ResponseHeadersAsync.WaitAsync(timeout.Token);
            if (!await call.ResponseStream.MoveNext(timeout.Token) ||
                call.ResponseStream.Current is not { Type: PacketType.DialRsp, DialResponse: { } dial } ||
                dial.Random != random)
            {
                throw new EgressDialException($"proxy-server {_server} sent no dial response for {address}");
            }

            if (dial.Error.Length > 0)
            {
                throw new EgressDialException(
                    $"proxy-server {_server} could not dial {address}: {Printable.Clip(dial.Error)}");
            }

            return new KonnectivityStream(dial.ConnectID, outgoing.Writer, call, sending);
        }
        catch (RpcException e) when (e.Status.DebugException is null &&
                                     e.StatusCode is not (StatusCode.Cancelled or StatusCode.DeadlineExceeded))
        {
            // A status the server (or its HTTP answer) gave, not a transport failure.
            await EndAsync(call, outgoing, sending);
            throw new EgressDialException(
                $"proxy-server {_server} refused the tunnel call for {address}: grpc-status {(int)e.StatusCode}: " +
                Printable.Clip(e.Status.Detail), e);
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or IOException or OperationCanceledException
                                      or Google.Protobuf.InvalidProtocolBufferException && e is not EgressDialException)
        {
            await EndAsync(call, outgoing, sending);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw ProxyServerErrors.CallerCancelled(e, cancellationToken);
            }

            throw new EgressDialException(
                ProxyServerErrors.Describe(e, _server, address, _dialTimeout, timeout.IsCancellationRequested, _trust), e);
        }
        catch
        {
            await EndAsync(call, outgoing, sending);
            throw;
        }
    }

    /// <summary>Ends every call (tunnel) on the channel and closes its HTTP/2 connections.</summary>
    public void Dispose() => _channel.Dispose();

    /// <summary>Moves the tunnel's packets into the call's request stream, which takes one write at a time; completes
    /// the request stream when <paramref name="packets"/> completes.</summary>
    /// <param name="packets">The tunnel's outgoing packets; completed here if the call ends first, so that writers
    /// stop.</param>
    /// <param name="requests">The call's request stream.</param>
    /// <returns>A task that never fails: the response side reports why a call ended.</returns>
    internal static async Task SendAsync(Channel<Packet> packets, IClientStreamWriter<Packet> requests)
    {
        try
        {
            await foreach (var packet in packets.Reader.ReadAllAsync())
            {
                await requests.WriteAsync(packet, CancellationToken.None);
            }

            await requests.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException
                                      or IOException or ObjectDisposedException)
        {
            packets.Writer.TryComplete();
        }
    }

    private static async Task EndAsync(AsyncDuplexStreamingCall<Packet, Packet> call, Channel<Packet> outgoing,
        Task sending)
    {
        outgoing.Writer.TryComplete();
        call.Dispose();
        await sending;
    }

    // What SocketsHttpHandler does without a ConnectCallback (System.Net.Http HttpConnectionPool.ConnectToTcpHostAsync).
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
