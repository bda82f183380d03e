using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// Console logging through Serilog behind Microsoft.Extensions.Logging: <c>--log-format=text|json</c>,
/// <c>--v=N</c> (klog style: 0 information, 1-3 debug, 4+ verbose). Framework noise stays at warning unless v ≥ 4.
/// </summary>
internal static class SerilogSetup
{
    /// <summary>Replaces the logging providers with a Serilog console logger.</summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="format"><c>text</c> or <c>json</c>.</param>
    /// <param name="verbosity">klog-style verbosity.</param>
    public static void Configure(ILoggingBuilder logging, string format, int verbosity)
    {
        var level = verbosity switch
        {
            <= 0 => LogEventLevel.Information,
            < 4 => LogEventLevel.Debug,
            _ => LogEventLevel.Verbose,
        };
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", verbosity >= 4 ? level : LogEventLevel.Warning)
            .MinimumLevel.Override("System", verbosity >= 4 ? level : LogEventLevel.Warning)
            .Enrich.FromLogContext();
        configuration = format == "json"
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
        logging.AddSerilog(configuration.CreateLogger(), dispose: true);
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
