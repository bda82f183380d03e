using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// The access log (<c>--access-log</c>, on by default): one Information line per proxied request through Serilog's
/// request logging (Serilog.AspNetCore <c>UseSerilogRequestLogging</c>), written when the request ends - for exec,
/// attach and port-forward when the session ends. It runs before authentication, so refusals (401, 403) are logged
/// too. Properties (the JSON format has them all; the text line shows them as <c>key=value</c>):
/// <list type="bullet">
/// <item><c>User</c>: the authenticated user name (empty before authentication);</item>
/// <item><c>RequestMethod</c>, <c>RequestPath</c>: the outer request, the path without its query;</item>
/// <item><c>Cluster</c>, and the proxied (inner) request's <c>Verb</c>, <c>Resource</c>, <c>Subresource</c>,
/// <c>Namespace</c>, <c>Name</c> (k8s.io/apiserver <c>RequestInfo</c>; empty where they do not apply);</item>
/// <item><c>StatusCode</c>, <c>Bytes</c> (response body bytes sent), <c>Elapsed</c> (milliseconds);</item>
/// <item>for upgrades <c>SessionSeconds</c>: how long the tunnel was open;</item>
/// <item>for a fan-out (<c>cluster=*</c>) <c>FanOutAnswered</c>, <c>FanOutFailed</c>: how many clusters answered and
/// how many are missing (each cluster's request is counted in the proxy metrics, not logged on its own).</item>
/// </list>
/// Never a credential: no header is logged, and neither is the query (a query can carry one, e.g. <c>?token=</c>).
/// Other requests pass by at the cost of one cached lookup.
/// </summary>
internal static class AccessLog
{
    /// <summary>The log category (<c>SourceContext</c>) of the lines.</summary>
    public const string Category = "ClusterGateway.Gateway.AccessLog";

    /// <summary>The message template of an ordinary proxied request.</summary>
    public const string Template =
        "{User} {RequestMethod} {RequestPath} cluster={Cluster} verb={Verb} resource={Resource} " +
        "subresource={Subresource} namespace={Namespace} name={Name} status={StatusCode} bytes={Bytes} " +
        "duration={Elapsed:0.000}ms";

    /// <summary>The message template of a fan-out request (<c>cluster=*</c>): how many clusters answered and failed.</summary>
    public const string FanOutTemplate = Template + " answered={FanOutAnswered} failed={FanOutFailed}";

    /// <summary>
    /// The message template of one cluster's part of a fan-out (<c>RequestPath</c> names that cluster): what it
    /// answered and how long it took, ending with <c>fanout=*</c>. Its body is merged, so it has no byte count.
    /// </summary>
    public const string FanOutMemberTemplate =
        "{User} {RequestMethod} {RequestPath} cluster={Cluster} verb={Verb} resource={Resource} " +
        "subresource={Subresource} namespace={Namespace} name={Name} status={StatusCode} " +
        "duration={Elapsed:0.000}ms fanout=*";

    /// <summary>The message template of an upgraded request (exec, attach, port-forward).</summary>
    public const string UpgradeTemplate = Template + " session={SessionSeconds:0.000}s";

    /// <summary>Registers what Serilog's request logging needs.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAccessLog(this IServiceCollection services)
    {
        // The context binds the enricher's values with this logger; without one it would drop them (Serilog's
        // static Log.Logger is silent), so a logger without sinks stands in when the host logs without Serilog.
        services.AddSingleton(sp => new DiagnosticContext(sp.GetService<Serilog.ILogger>() ??
                                                          new LoggerConfiguration().CreateLogger()));
        services.AddSingleton<IDiagnosticContext>(sp => sp.GetRequiredService<DiagnosticContext>());
        return services;
    }

    /// <summary>
    /// Adds the access log for proxied requests, unless turned off. It writes to the registered Serilog logger
    /// (<c>ClusterGateway.Hosting.ConsoleLogging</c>), else through Microsoft.Extensions.Logging.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="enabled"><c>--access-log</c>.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IApplicationBuilder UseAccessLog(this IApplicationBuilder app, bool enabled)
    {
        if (!enabled)
        {
            return app;
        }

        var logger = app.ApplicationServices.GetService<Serilog.ILogger>() ??
                     MicrosoftLoggingSink.CreateLogger(app.ApplicationServices.GetRequiredService<ILoggerFactory>()
                         .CreateLogger(Category));
        return app.Use(next =>
        {
            // Two request loggers, so that only upgrades carry the session length in their text line.
            var plain = Branch(app, next, logger, Template);
            var upgrade = Branch(app, next, logger, UpgradeTemplate);
            var fanOut = Branch(app, next, logger, FanOutTemplate);
            return context => ProxyPath.Of(context) is not { } path ? next(context)
                : path.Cluster == FanOut.FanOutTarget.Name ? fanOut(context)
                : context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true ? upgrade(context)
                : plain(context);
        });
    }

    /// <summary>
    /// The writer of fan-out members' lines (<see cref="FanOutMemberTemplate"/>), or null when the access log is off.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="enabled"><c>--access-log</c>.</param>
    /// <returns>A writer taking the request, the cluster, its sub-path, the inner request, the status and the elapsed
    /// time.</returns>
    public static Action<HttpContext, string, string, RequestInfo, int, TimeSpan>? FanOutMemberWriter(
        IServiceProvider services, bool enabled)
    {
        if (!enabled)
        {
            return null;
        }

        var logger = (services.GetService<Serilog.ILogger>() ??
                      MicrosoftLoggingSink.CreateLogger(services.GetRequiredService<ILoggerFactory>().CreateLogger(Category)))
            .ForContext(Serilog.Core.Constants.SourceContextPropertyName, Category);
        return (context, cluster, rest, inner, status, elapsed) => logger.Information(FanOutMemberTemplate,
            RequestState.Of(context).User?.Name ?? "", context.Request.Method, ProxyPath.Prefix + cluster + "/proxy" + rest,
            cluster, inner.Verb, inner.Resource, inner.Subresource, inner.Namespace, inner.Name, status,
            elapsed.TotalMilliseconds);
    }

    private static RequestDelegate Branch(IApplicationBuilder app, RequestDelegate next, Serilog.ILogger logger,
        string template)
    {
        var branch = app.New();
        branch.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.MessageTemplate = template;
            options.IncludeQueryInRequestPath = false;
            options.GetLevel = static (_, _, exception) =>
                exception is null ? LogEventLevel.Information : LogEventLevel.Error;
            options.EnrichDiagnosticContext = Enrich;
        });
        branch.Run(next);
        return branch.Build();
    }

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        var state = RequestState.Of(context);
        // Properties carried by the event win over the request logger's own SourceContext.
        diagnostics.Set(Serilog.Core.Constants.SourceContextPropertyName, Category);
        diagnostics.Set("User", state.User?.Name ?? "");
        var path = ProxyPath.Of(context);
        diagnostics.Set("Cluster", path?.Cluster ?? "");
        RequestInfo? inner = null;
        if (path is not null)
        {
            try
            {
                inner = InnerRequest.Parse(context, path);
            }
            catch (FormatException)
            {
                // Answered 400 by the proxy; the path says enough.
            }
        }

        diagnostics.Set("Verb", inner?.Verb ?? "");
        diagnostics.Set("Resource", inner?.Resource ?? "");
        diagnostics.Set("Subresource", inner?.Subresource ?? "");
        diagnostics.Set("Namespace", inner?.Namespace ?? "");
        diagnostics.Set("Name", inner?.Name ?? "");
        diagnostics.Set("Bytes", state.ResponseBytes);
        if (path?.Cluster == FanOut.FanOutTarget.Name)
        {
            diagnostics.Set("FanOutAnswered", state.FanOutAnswered ?? 0);
            diagnostics.Set("FanOutFailed", state.FanOutFailed ?? 0);
        }

        if (state.Session is { } session)
        {
            diagnostics.Set("SessionSeconds", session.TotalSeconds);
        }
        else if (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true)
        {
            // Not switched (refused, or the cluster answered without 101): no session.
            diagnostics.Set("SessionSeconds", 0.0);
        }
    }
}
