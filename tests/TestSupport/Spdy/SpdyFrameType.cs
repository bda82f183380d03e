namespace ClusterGateway.TestSupport.Spdy;

/// <summary>SPDY/3 frame types (spdy-protocol-draft3 §2.6); <see cref="Data"/> stands for data frames.</summary>
internal enum SpdyFrameType
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}
