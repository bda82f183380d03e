namespace ClusterGateway.TestSupport.Spdy;

/// <summary>
/// One SPDY/3 frame, decoded. Which members matter depends on <see cref="Type"/>:
/// <list type="bullet">
/// <item><c>Data</c>: <see cref="StreamId"/>, <see cref="Data"/>, FIN in <see cref="Flags"/>;</item>
/// <item><c>SynStream</c>, <c>SynReply</c>, <c>Headers</c>: <see cref="StreamId"/>, <see cref="Headers"/>
/// (FIN, UNIDIRECTIONAL in <see cref="Flags"/>);</item>
/// <item><c>RstStream</c>: <see cref="StreamId"/> and the status code in <see cref="Value"/>;
/// <c>WindowUpdate</c>: <see cref="StreamId"/> (0: connection) and the delta in <see cref="Value"/>;
/// <c>Ping</c>: the id in <see cref="Value"/>; <c>GoAway</c>: last good stream in <see cref="StreamId"/>, status in
/// <see cref="Value"/>;</item>
/// <item><c>Settings</c>: id/value pairs in <see cref="Settings"/>.</item>
/// </list>
/// </summary>
internal sealed record SpdyFrame(SpdyFrameType Type, byte Flags, uint StreamId)
{
    /// <summary>FIN on data and stream frames.</summary>
    public const byte FlagFin = 0x01;

    /// <summary>SYN_STREAM: the sender will not receive on the stream.</summary>
    public const byte FlagUnidirectional = 0x02;

    /// <summary>SETTINGS id of the initial per-stream window.</summary>
    public const uint SettingInitialWindowSize = 7;

    public ReadOnlyMemory<byte> Data { get; init; }

    public IReadOnlyDictionary<string, string[]> Headers { get; init; } =
        new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

    public uint Value { get; init; }

    public uint AssociatedStreamId { get; init; }

    public byte Priority { get; init; }

    public IReadOnlyList<KeyValuePair<uint, uint>> Settings { get; init; } = [];

    public bool IsFin => (Flags & FlagFin) != 0;

    /// <summary>The first value of a header, or null (names are case-insensitive).</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Length > 0
        ? values[0]
        : null;

    public override string ToString() => Type switch
    {
        SpdyFrameType.Data => $"DATA stream={StreamId} length={Data.Length} flags={Flags}",
        _ => $"{Type} stream={StreamId} value={Value} flags={Flags}",
    };
}
