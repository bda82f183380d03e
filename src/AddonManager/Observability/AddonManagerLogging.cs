using Serilog;
using Serilog.Events;

namespace ClusterGateway.AddonManager.Observability;

/// <summary>
/// Serilog console logging behind Microsoft.Extensions.Logging, in the text format of the gateway's
/// <c>SerilogSetup</c> (a deliberately tiny copy; both should move to a shared hosting library).
/// </summary>
internal static class AddonManagerLogging
{
    /// <summary>Replaces the logging providers with a Serilog console logger; framework noise at warning.</summary>
    /// <param name="logging">The logging builder.</param>
    public static void Configure(ILoggingBuilder logging)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        logging.AddSerilog(logger, dispose: true);
    }
}
