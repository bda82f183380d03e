using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// The standard streams of one exec/attach session, whatever carries them (WebSocket channels or SPDY streams).
/// A stream is null when the request did not ask for it. Disposing ends the session (close frame or GOAWAY).
/// </summary>
internal interface IRemoteCommandSession : IAsyncDisposable
{
    /// <summary>The client's stdin; reads return 0 once the client closed it (v5 CLOSE signal, SPDY FIN).</summary>
    Stream? Stdin { get; }

    Stream? Stdout { get; }

    Stream? Stderr { get; }

    /// <summary>Ends stdout/stderr and sends the v1 Status on the error stream (remote command v4+).</summary>
    Task WriteStatusAsync(JsonObject status, CancellationToken cancellationToken);
}
