namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// Names of the streaming protocols kubectl speaks (k8s.io/apimachinery pkg/util/remotecommand/constants.go,
/// pkg/util/httpstream, pkg/util/portforward/constants.go).
/// </summary>
internal static class StreamProtocols
{
    /// <summary>Remote command v4: exit codes through the error stream as a v1 Status.</summary>
    public const string ChannelV4 = "v4.channel.k8s.io";

    /// <summary>Remote command v5: v4 plus the CLOSE signal (channel 255) that half-closes stdin over WebSocket.</summary>
    public const string ChannelV5 = "v5.channel.k8s.io";

    /// <summary>Port-forward over SPDY: per connection an <c>error</c> and a <c>data</c> stream.</summary>
    public const string PortForward = "portforward.k8s.io";

    /// <summary>WebSocket subprotocol prefix of SPDY tunnelled in binary messages (kubectl ≥ 1.31 port-forward).</summary>
    public const string SpdyTunnelPrefix = "SPDY/3.1+";

    /// <summary>The <c>Upgrade</c> token of SPDY.</summary>
    public const string Spdy = "SPDY/3.1";

    /// <summary>Request header listing the client's protocols (repeated, preferred first); the 101 carries the pick.</summary>
    public const string VersionHeader = "X-Stream-Protocol-Version";

    /// <summary>Response header listing the server's protocols when none of the client's matched (403).</summary>
    public const string AcceptedVersionsHeader = "X-Accepted-Stream-Protocol-Versions";

    /// <summary>SPDY stream header naming the stream's role.</summary>
    public const string StreamTypeHeader = "streamType";

    public const byte StdinChannel = 0;
    public const byte StdoutChannel = 1;
    public const byte StderrChannel = 2;
    public const byte ErrorChannel = 3;
    public const byte ResizeChannel = 4;
    public const byte CloseChannel = 255;
}
