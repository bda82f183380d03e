using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// Reads one cluster's watch response: one JSON event per line (apimachinery
/// <c>pkg/runtime/serializer/json/json.go</c> writes each event followed by a newline), each line at most
/// <c>maxBytes</c> long. The body is untrusted: an over-long line or one that is not a JSON object is an
/// <see cref="InvalidDataException"/> naming the problem, never a crash or an unbounded buffer.
/// </summary>
/// <param name="stream">The response body.</param>
/// <param name="maxBytes">Longest line, in bytes.</param>
internal sealed class FanOutWatchLineReader(Stream stream, int maxBytes) : IAsyncDisposable
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

    /// <summary>The next event, or null at the end of the stream.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The event object.</returns>
    /// <exception cref="InvalidDataException">A line is too long, not JSON, or not an object; or the stream ended
    /// inside a line.</exception>
    public async Task<JsonObject?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = buffer.Slice(0, end);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                if (line.Length > maxBytes)
                {
                    _reader.AdvanceTo(buffer.Start);
                    throw TooLong();
                }

                if (IsBlank(line))
                {
                    continue;
                }

                JsonObject parsed;
                try
                {
                    parsed = Parse(line);
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start);
                }

                return parsed;
            }

            if (buffer.Length > maxBytes)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLong();
            }

            if (result.IsCompleted)
            {
                try
                {
                    // A last event without its newline is still a whole JSON document; a cut one fails to parse.
                    return IsBlank(buffer) ? null : Parse(buffer);
                }
                finally
                {
                    _reader.AdvanceTo(buffer.End);
                }
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    private InvalidDataException TooLong() =>
        new($"a watch event is longer than {maxBytes} bytes");

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static JsonObject Parse(ReadOnlySequence<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            return JsonNode.Parse(ref reader) as JsonObject
                ?? throw new InvalidDataException("a watch event is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"a watch event is not valid JSON: {e.Message}", e);
        }
    }
}
