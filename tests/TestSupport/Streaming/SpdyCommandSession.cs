using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport.Spdy;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// An exec/attach session over SPDY/3.1 (kubelet's remotecommand server): the client opens one stream per standard
/// stream, typed by the <c>streamType</c> header - <c>error</c> first, then <c>stdin</c>, <c>stdout</c>,
/// <c>stderr</c>, and <c>resize</c> with a TTY - and the server waits for all it expects. Stdin ends with the client's
/// FIN; at exit the server FINs stdout and stderr, writes the Status on the error stream, sends GOAWAY and closes.
/// </summary>
internal sealed class SpdyCommandSession : IRemoteCommandSession
{
    private static readonly TimeSpan StreamCreationTimeout = TimeSpan.FromSeconds(30);
    private readonly SpdyConnection _connection;
    private readonly Dictionary<string, SpdyStream> _streams;
    private readonly Task _resize;

    private SpdyCommandSession(SpdyConnection connection, Dictionary<string, SpdyStream> streams)
    {
        _connection = connection;
        _streams = streams;
        _resize = streams.TryGetValue("resize", out var resize)
            ? resize.CopyToAsync(Stream.Null)
            : Task.CompletedTask;
    }

    public Stream? Stdin => _streams.GetValueOrDefault("stdin");

    public Stream? Stdout => _streams.GetValueOrDefault("stdout");

    public Stream? Stderr => _streams.GetValueOrDefault("stderr");

    /// <summary>Waits for the streams the options call for (30 s, like kubelet's stream creation timeout).</summary>
    /// <exception cref="IOException">The client went away or did not open them in time.</exception>
    public static async Task<SpdyCommandSession> AcceptAsync(SpdyConnection connection, ExecOptions options,
        CancellationToken cancellationToken)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { "error" };
        AddIf(expected, options.Stdin, "stdin");
        AddIf(expected, options.Stdout, "stdout");
        AddIf(expected, options.Stderr && !options.Tty, "stderr");
        AddIf(expected, options.Tty, "resize");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StreamCreationTimeout);
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        while (!expected.IsSubsetOf(streams.Keys))
        {
            var stream = await connection.AcceptAsync(timeout.Token) ??
                throw new IOException("the client closed the connection before opening its streams");
            if (stream.Header(StreamProtocols.StreamTypeHeader) is { } type)
            {
                streams[type] = stream;
            }
        }

        return new SpdyCommandSession(connection, streams);
    }

    public async Task WriteStatusAsync(JsonObject status, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "stdout", "stderr" })
        {
            if (_streams.TryGetValue(name, out var stream))
            {
                await stream.CloseWriteAsync(cancellationToken);
            }
        }

        var error = _streams["error"];
        await error.WriteAsync(Encoding.UTF8.GetBytes(status.ToJsonString()), cancellationToken);
        await error.CloseWriteAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.GoAwayAsync(CancellationToken.None);
        await _connection.DisposeAsync();
        try
        {
            await _resize;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private static void AddIf(HashSet<string> set, bool condition, string name)
    {
        if (condition)
        {
            set.Add(name);
        }
    }
}
