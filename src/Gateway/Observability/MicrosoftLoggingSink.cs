using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// A Serilog sink that writes to a Microsoft.Extensions.Logging logger: the access log's way out when the host logs
/// through other providers than Serilog (embedding, tests). Rendered message plus the event's scalar properties as
/// state, so structured providers keep the fields.
/// </summary>
/// <param name="logger">The target logger.</param>
internal sealed class MicrosoftLoggingSink(Microsoft.Extensions.Logging.ILogger logger) : ILogEventSink
{
    // As the console's text line renders it: strings without quotes.
    private static readonly MessageTemplateTextFormatter Message =
        new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A Serilog logger (all levels) writing to <paramref name="logger"/>.</summary>
    /// <param name="logger">The target logger.</param>
    /// <returns>The Serilog logger.</returns>
    public static Serilog.ILogger CreateLogger(Microsoft.Extensions.Logging.ILogger logger) =>
        new Serilog.LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new MicrosoftLoggingSink(logger))
            .CreateLogger();

    /// <inheritdoc/>
    public void Emit(LogEvent logEvent)
    {
        var level = logEvent.Level switch
        {
            LogEventLevel.Verbose => LogLevel.Trace,
            LogEventLevel.Debug => LogLevel.Debug,
            LogEventLevel.Information => LogLevel.Information,
            LogEventLevel.Warning => LogLevel.Warning,
            LogEventLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var state = new List<KeyValuePair<string, object?>>(logEvent.Properties.Count + 1);
        foreach (var (name, value) in logEvent.Properties)
        {
            state.Add(new(name, value is ScalarValue scalar ? scalar.Value : value.ToString()));
        }

        state.Add(new("{OriginalFormat}", logEvent.MessageTemplate.Text));
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Message.Format(logEvent, writer);
        var message = writer.ToString();
        logger.Log(level, default, state, logEvent.Exception, (_, _) => message);
    }
}
