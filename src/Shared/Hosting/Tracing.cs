using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClusterGateway.Hosting;

/// <summary>
/// OpenTelemetry tracing for both binaries, on only when an exporter is configured: the OTLP exporter when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter then reads the standard variables:
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>_TIMEOUT</c>; the SDK <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_TRACES_SAMPLER</c>, <c>OTEL_SDK_DISABLED</c>; see
/// https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). Otherwise nothing is
/// registered: no <see cref="System.Diagnostics.ActivityListener"/> exists, so ASP.NET Core and HttpClient create no
/// Activity and tracing costs nothing per request.
/// </summary>
internal static class Tracing
{
    /// <summary>The variable that turns tracing on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The exporter setup the environment asks for, or <see langword="null"/> for no tracing.</summary>
    /// <param name="environment">Environment lookup.</param>
    /// <returns>Adds the OTLP exporter; null when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is unset or empty.</returns>
    public static Action<TracerProviderBuilder>? FromEnvironment(Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(environment(EndpointVariable)) ? null : static tracing => tracing.AddOtlpExporter();

    /// <summary>
    /// Registers a tracer provider with the host: the service's resource (<paramref name="serviceName"/> unless
    /// <c>OTEL_SERVICE_NAME</c>/<c>OTEL_RESOURCE_ATTRIBUTES</c> say otherwise), client spans for outgoing HTTP
    /// requests (<c>System.Net.Http</c>; query values redacted by .NET), the service's own instrumentation, and the
    /// exporter.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="serviceName">Default <c>service.name</c>.</param>
    /// <param name="instrumentation">The service's sources and instrumentation.</param>
    /// <param name="exporter">The exporter (<see cref="FromEnvironment"/>, or an in-memory one in tests).</param>
    public static void Add(IServiceCollection services, string serviceName, Action<TracerProviderBuilder> instrumentation,
        Action<TracerProviderBuilder> exporter)
    {
        services.AddOpenTelemetry()
            // The environment detector again after the default name, so OTEL_SERVICE_NAME still wins.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing =>
            {
                tracing.AddHttpClientInstrumentation();
                instrumentation(tracing);
                exporter(tracing);
            });
    }
}
