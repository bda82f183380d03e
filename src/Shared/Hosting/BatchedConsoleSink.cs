using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace ClusterGateway.Hosting;

/// <summary>
/// Writes log events to standard output from a background worker, many lines per write: a request only queues its
/// event (the access log writes one per proxied request), and the worker formats whatever has queued since its last
/// write into one buffer and writes it with one system call, instead of one formatted write and flush per line. After
/// a write the worker rests <see cref="FlushInterval"/>, so that under load it wakes for many lines rather than for
/// each (klog, too, flushes its buffer on a timer); a full queue blocks the logging thread rather than drop a line, as
/// klog blocks on its writer. Disposing drains the queue.
/// </summary>
internal sealed class BatchedConsoleSink : ILogEventSink, IDisposable
{
    /// <summary>Events queued at most before <see cref="Emit"/> blocks.</summary>
    public const int Capacity = 10_000;

    /// <summary>The worker's rest after each write: the longest a line waits for the console when lines keep coming.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(20);

    private const int MaxLinesPerWrite = 1_000;

    private readonly ITextFormatter _formatter;
    private readonly Channel<LogEvent> _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task _worker;

    /// <summary>Starts the worker.</summary>
    /// <param name="formatter">Formats one event (text output template or JSON), newline included.</param>
    /// <param name="output">Where lines go (standard output); not disposed.</param>
    public BatchedConsoleSink(ITextFormatter formatter, Stream output)
    {
        _formatter = formatter;
        _worker = Task.Run(() => WriteAsync(output));
    }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        if (!_queue.Writer.TryWrite(logEvent))
        {
            try
            {
                _queue.Writer.WriteAsync(logEvent).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                // Logged after disposal (shutdown): nowhere to write it.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _worker.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task WriteAsync(Stream output)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            for (var lines = 0; lines < MaxLinesPerWrite && reader.TryRead(out var logEvent); lines++)
            {
                try
                {
                    _formatter.Format(logEvent, writer);
                }
                catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
                {
                    // A property whose ToString throws: lose that line, not the logger.
                    Serilog.Debugging.SelfLog.WriteLine("log event not written: {0}", e);
                }
            }

            try
            {
                await writer.FlushAsync();
            }
            catch (IOException)
            {
                // Standard output closed (the pipe reader went away): nothing more can be written.
                return;
            }

            if (!reader.Completion.IsCompleted)
            {
                await Task.Delay(FlushInterval);
            }
        }
    }
}
