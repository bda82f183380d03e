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
    private static readonly ScalarValue EmptyText = new("");
    private static readonly LogEventProperty SourceContext = new(Serilog.Core.Constants.SourceContextPropertyName,
        new ScalarValue(Category));

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
        // Serilog's request logging needs a DiagnosticContext (it opens one collection per request). A value Set on
        // it is bound with this logger; Serilog's static Log.Logger would drop it, so a logger without sinks stands
        // in when the host logs without Serilog.
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
            // Every property comes from here rather than through IDiagnosticContext.Set: one array of ready
            // LogEventProperty values instead of a converted, locked dictionary entry each (a proxied request's
            // allocations and CPU are what the proxy path is measured by).
            options.GetMessageTemplateProperties = Properties;
        });
        branch.Run(next);
        return branch.Build();
    }

    /// <summary>The line's properties (replacing the request logger's RequestMethod, RequestPath, StatusCode and
    /// Elapsed with the same values plus the gateway's).</summary>
    private static LogEventProperty[] Properties(HttpContext context, string requestPath, double elapsedMs, int statusCode)
    {
        var state = RequestState.Of(context);
        var path = ProxyPath.Of(context);
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

        var fanOut = path?.Cluster == FanOut.FanOutTarget.Name;
        // An upgrade that did not switch (refused, or the cluster answered without 101) had no session.
        double? session = state.Session is { } open ? open.TotalSeconds
            : context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true ? 0.0
            : null;
        var properties = new LogEventProperty[13 + (fanOut ? 2 : 0) + (session is null ? 0 : 1)];
        // Properties carried by the event win over the request logger's own SourceContext.
        properties[0] = SourceContext;
        properties[1] = new LogEventProperty("User", Text(state.User?.Name));
        properties[2] = new LogEventProperty("RequestMethod", Text(context.Request.Method));
        properties[3] = new LogEventProperty("RequestPath", Text(requestPath));
        properties[4] = new LogEventProperty("Cluster", Text(path?.Cluster));
        properties[5] = new LogEventProperty("Verb", Text(inner?.Verb));
        properties[6] = new LogEventProperty("Resource", Text(inner?.Resource));
        properties[7] = new LogEventProperty("Subresource", Text(inner?.Subresource));
        properties[8] = new LogEventProperty("Namespace", Text(inner?.Namespace));
        properties[9] = new LogEventProperty("Name", Text(inner?.Name));
        properties[10] = new LogEventProperty("StatusCode", new ScalarValue(statusCode));
        properties[11] = new LogEventProperty("Bytes", new ScalarValue(state.ResponseBytes));
        properties[12] = new LogEventProperty("Elapsed", new ScalarValue(elapsedMs));
        var next = 13;
        if (fanOut)
        {
            properties[next++] = new LogEventProperty("FanOutAnswered", new ScalarValue(state.FanOutAnswered ?? 0));
            properties[next++] = new LogEventProperty("FanOutFailed", new ScalarValue(state.FanOutFailed ?? 0));
        }

        if (session is { } seconds)
        {
            properties[next] = new LogEventProperty("SessionSeconds", new ScalarValue(seconds));
        }

        return properties;
    }

    private static ScalarValue Text(string? value) => string.IsNullOrEmpty(value) ? EmptyText : new ScalarValue(value);
}
