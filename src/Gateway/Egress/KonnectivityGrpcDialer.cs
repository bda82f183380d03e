using System.Threading.Channels;
using ClusterGateway.Gateway.Egress.Konnectivity;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// Dials through a konnectivity proxy-server's gRPC frontend (OCM cluster-proxy's default): one
/// <c>/ProxyService/Proxy</c> call per tunnelled connection, all calls multiplexed on the pooled HTTP/2 connection of
/// <paramref name="invoker"/> (mTLS to the proxy server). Protocol: send DIAL_REQ{protocol tcp, address, random},
/// receive DIAL_RSP{connectID, error}; then DATA both ways, CLOSE_REQ/CLOSE_RSP to end (konnectivity-client
/// pkg/client/client.go). Unlike upstream's single-use tunnels per request, the connection a dial returns is pooled by
/// the caller's HTTP handler and reused for many requests.
/// </summary>
/// <param name="invoker">HTTP/2 client of the proxy server.</param>
/// <param name="server">Proxy server base URL, e.g. <c>https://proxy-entrypoint:8090</c>.</param>
/// <param name="dialTimeout">How long to wait for DIAL_RSP (konnectivity-client's backstop is 30 s).</param>
/// <param name="trust">What the invoker's TLS connections showed, to word failures; <see langword="null"/> if unknown.</param>
internal sealed class KonnectivityGrpcDialer(HttpMessageInvoker invoker, Uri server, TimeSpan dialTimeout,
    ProxyServerTrust? trust = null) : IEgressDialer
{
    /// <inheritdoc/>
    public async ValueTask<Stream> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = $"{host}:{port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(dialTimeout);

        // Bounded: a fast writer waits for the proxy instead of buffering without limit.
        var outgoing = Channel.CreateBounded<Packet>(new BoundedChannelOptions(16) { SingleReader = true });
        var random = Random.Shared.NextInt64(1, long.MaxValue);
        await outgoing.Writer.WriteAsync(new Packet
        {
            Type = PacketType.DialReq,
            DialRequest = new DialRequest { Protocol = "tcp", Address = address, Random = random },
        }, timeout.Token);

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/ProxyService/Proxy"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new PacketContent(outgoing.Reader),
        };
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        HttpResponseMessage? response = null;
        try
        {
            response = await invoker.SendAsync(request, timeout.Token);
            if (response.StatusCode != System.Net.HttpStatusCode.OK ||
                response.Headers.TryGetValues("grpc-status", out _))
            {
                throw new EgressDialException(
                    $"proxy-server {server.Authority} refused the tunnel call for {address}: {Describe(response)}");
            }

            var incoming = await response.Content.ReadAsStreamAsync(timeout.Token);
            var answer = await GrpcFrames.ReadAsync(incoming, Packet.Parser, timeout.Token);
            if (answer is not { Type: PacketType.DialRsp, DialResponse: { } dial } || dial.Random != random)
            {
                throw new EgressDialException(
                    $"proxy-server {server.Authority} sent no dial response for {address}");
            }

            if (dial.Error.Length > 0)
            {
                throw new EgressDialException(
                    $"proxy-server {server.Authority} could not dial {address}: {Printable.Clip(dial.Error)}");
            }

            return new KonnectivityStream(dial.ConnectID, outgoing.Writer, incoming, response);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException
                                      or Google.Protobuf.InvalidProtocolBufferException && e is not EgressDialException)
        {
            response?.Dispose();
            outgoing.Writer.TryComplete();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw ProxyServerErrors.CallerCancelled(e, cancellationToken);
            }

            throw new EgressDialException(
                ProxyServerErrors.Describe(e, server.Authority, address, dialTimeout,
                    timeout.IsCancellationRequested, trust), e);
        }
        catch
        {
            response?.Dispose();
            outgoing.Writer.TryComplete();
            throw;
        }
    }

    private static string Describe(HttpResponseMessage response) =>
        response.Headers.TryGetValues("grpc-message", out var message)
            ? $"grpc-status {Printable.Clip(string.Join(",", response.Headers.GetValues("grpc-status")))}: " +
              Printable.Clip(Uri.UnescapeDataString(message.First()))
            : $"HTTP {(int)response.StatusCode}";
}
