using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace ClusterGateway.Hosting;

/// <summary>
/// Console logging through Serilog behind Microsoft.Extensions.Logging, the same for the gateway and the
/// addon-manager: <c>--log-format=text|json</c>, <c>--v=N</c> (klog style: 0 information, 1-3 debug, 4+ verbose).
/// Framework noise stays at warning unless v ≥ 4. The Serilog logger is also registered as a service
/// (<see cref="Serilog.ILogger"/>), so request logging writes to the same sink.
/// </summary>
internal static class ConsoleLogging
{
    /// <summary>Text output: time, level, category, message.</summary>
    public const string TextTemplate = "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Replaces the logging providers with a Serilog console logger.</summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="format"><c>text</c> or <c>json</c>.</param>
    /// <param name="verbosity">klog-style verbosity.</param>
    public static void Configure(ILoggingBuilder logging, string format, int verbosity)
    {
        // Written by a background worker, many lines per write (BatchedConsoleSink): a request (the access log writes
        // a line for each proxied one) only queues its event and never waits for the console; a full queue blocks
        // rather than drops. Disposing the logger with the host flushes the queue.
        ITextFormatter formatter = format == "json"
            ? new JsonFormatter(renderMessage: true)
            : new MessageTemplateTextFormatter(TextTemplate);
        var configuration = Levels(new LoggerConfiguration(), verbosity)
            .WriteTo.Sink(new BatchedConsoleSink(formatter, Console.OpenStandardOutput()));
        Use(logging, configuration.CreateLogger(), verbosity, dispose: true);
    }

    /// <summary>The levels <see cref="Configure"/> applies for a verbosity, for a logger with another sink (tests).</summary>
    /// <param name="configuration">The configuration to set up.</param>
    /// <param name="verbosity">klog-style verbosity.</param>
    /// <returns><paramref name="configuration"/>.</returns>
    public static LoggerConfiguration Levels(LoggerConfiguration configuration, int verbosity)
    {
        var level = verbosity switch
        {
            <= 0 => LogEventLevel.Information,
            < 4 => LogEventLevel.Debug,
            _ => LogEventLevel.Verbose,
        };
        return configuration
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", verbosity >= 4 ? level : LogEventLevel.Warning)
            .MinimumLevel.Override("System", verbosity >= 4 ? level : LogEventLevel.Warning)
            // An Error line for every failed /readyz probe while sources sync (the probe's body says why, and the
            // sources log their own failures); shown from --v=4 on.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks",
                verbosity >= 4 ? level : LogEventLevel.Fatal)
            .Enrich.FromLogContext();
    }

    /// <summary>Makes <paramref name="logger"/> the only logging provider and registers it as a service.</summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="logger">The Serilog logger.</param>
    /// <param name="verbosity">klog-style verbosity.</param>
    /// <param name="dispose">Dispose (flush) the logger with the host.</param>
    public static void Use(ILoggingBuilder logging, Serilog.ILogger logger, int verbosity, bool dispose)
    {
        logging.AddSerilog(logger, dispose);
        logging.Services.AddSingleton(logger);
        if (verbosity < 4)
        {
            // Its per-request lines are Information (filtered above anyway), but while the category is enabled at all
            // ASP.NET Core's hosting layer starts an Activity per request for them (HostingApplicationDiagnostics).
            // (Provider-specific: AddSerilog adds a rule for its provider, which would win over a general one.)
            logging.AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>("Microsoft.AspNetCore.Hosting.Diagnostics",
                LogLevel.None);
        }
    }
}
