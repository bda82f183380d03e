using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using ClusterGateway.Gateway.Egress.Konnectivity;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// The request body of a konnectivity gRPC call: every Packet written to the channel leaves as one gRPC frame, flushed
/// at once; the body ends when the channel completes. This is what makes the HTTP/2 call bidirectional.
/// </summary>
internal sealed class PacketContent : HttpContent
{
    private readonly ChannelReader<Packet> _packets;

    /// <summary>Creates the content.</summary>
    /// <param name="packets">Packets to send.</param>
    public PacketContent(ChannelReader<Packet> packets)
    {
        _packets = packets;
        Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context,
        CancellationToken cancellationToken)
    {
        await foreach (var packet in _packets.ReadAllAsync(cancellationToken))
        {
            await GrpcFrames.WriteAsync(stream, packet, cancellationToken);
        }
    }

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
