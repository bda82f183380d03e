using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Proxy;
using ClusterGateway.Gateway.Proxy.Authorization;
using Microsoft.AspNetCore.Http.Features;
using System.Diagnostics;
using Serilog.Events;
using Serilog.Parsing;

namespace ClusterGateway.Gateway.Observability;

/// <summary>
/// The access log (<c>--access-log</c>, on by default): one Information line per proxied request, written when the
/// request ends - for exec, attach and port-forward when the session ends - or an Error line when the request threw
/// (status 500). It runs before authentication, so refusals (401, 403) are logged too. The shape is Serilog.AspNetCore's
/// request logging (<c>RequestLoggingMiddleware</c>: the outer path without its query, the elapsed milliseconds, the
/// trace and span of <see cref="System.Diagnostics.Activity.Current"/>), written here without its per-request
/// diagnostic collection (an AsyncLocal every later await of the request pays for) and property copies: a proxied
/// request's CPU and allocations are what the proxy path is measured by. Properties (the JSON format has them all; the
/// text line shows them as <c>key=value</c>):
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
    private static readonly ScalarValue CategoryText = new(Category);
    private static readonly MessageTemplateParser Parser = new();

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

        var templates = new Templates(Parser.Parse(Template), Parser.Parse(UpgradeTemplate), Parser.Parse(FanOutTemplate));
        var logger = Logger(app.ApplicationServices);
        return app.Use(next => context => ProxyPath.Of(context) is { } path
            ? LogAsync(context, next, path, logger, templates)
            : next(context));
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

        var logger = Logger(services);
        return (context, cluster, rest, inner, status, elapsed) => logger.Information(FanOutMemberTemplate,
            RequestState.Of(context).User?.Name ?? "", context.Request.Method, ProxyPath.Prefix + cluster + "/proxy" + rest,
            cluster, inner.Verb, inner.Resource, inner.Subresource, inner.Namespace, inner.Name, status,
            elapsed.TotalMilliseconds);
    }

    // The registered Serilog logger (ClusterGateway.Hosting.ConsoleLogging), else one writing through
    // Microsoft.Extensions.Logging; in the category, so its minimum level applies.
    private static Serilog.ILogger Logger(IServiceProvider services) =>
        (services.GetService<Serilog.ILogger>() ??
         MicrosoftLoggingSink.CreateLogger(services.GetRequiredService<ILoggerFactory>().CreateLogger(Category)))
        .ForContext(Serilog.Core.Constants.SourceContextPropertyName, Category);

    private static async Task LogAsync(HttpContext context, RequestDelegate next, ProxyPath path, Serilog.ILogger logger,
        Templates templates)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception e) when (Write(context, path, logger, templates, started, 500, e))
        {
            // Never reached: Write returns false, so the exception goes on to Kestrel (which answers 500) unchanged.
        }

        Write(context, path, logger, templates, started, context.Response.StatusCode, null);
    }

    // Returns false, so that it can log from an exception filter without catching.
    private static bool Write(HttpContext context, ProxyPath path, Serilog.ILogger logger, Templates templates,
        long started, int statusCode, Exception? exception)
    {
        var level = exception is null ? LogEventLevel.Information : LogEventLevel.Error;
        if (!logger.IsEnabled(level))
        {
            return false;
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var state = RequestState.Of(context);
        var fanOut = path.Cluster == FanOut.FanOutTarget.Name;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
        var inner = Inner(context, path);
        // In the order the JSON format lists them.
        var properties = new Dictionary<string, LogEventPropertyValue>(16)
        {
            [Serilog.Core.Constants.SourceContextPropertyName] = CategoryText,
            ["User"] = Text(state.User?.Name),
            ["RequestMethod"] = Text(context.Request.Method),
            // As Serilog's request logging without the query: the request feature's (decoded) path.
            ["RequestPath"] = Text(context.Features.Get<IHttpRequestFeature>()?.Path is { Length: > 0 } requestPath
                ? requestPath
                : context.Request.Path.ToString()),
            ["Cluster"] = Text(path.Cluster),
            ["Verb"] = Text(inner?.Verb),
            ["Resource"] = Text(inner?.Resource),
            ["Subresource"] = Text(inner?.Subresource),
            ["Namespace"] = Text(inner?.Namespace),
            ["Name"] = Text(inner?.Name),
            ["StatusCode"] = new ScalarValue(statusCode),
            ["Bytes"] = new ScalarValue(state.ResponseBytes),
            ["Elapsed"] = new ScalarValue(elapsedMs),
        };
        var template = templates.Plain;
        if (fanOut)
        {
            template = templates.FanOut;
            properties["FanOutAnswered"] = new ScalarValue(state.FanOutAnswered ?? 0);
            properties["FanOutFailed"] = new ScalarValue(state.FanOutFailed ?? 0);
        }
        else if (upgrade)
        {
            // An upgrade that did not switch (refused, or the cluster answered without 101) had no session.
            template = templates.Upgrade;
            properties["SessionSeconds"] = new ScalarValue(state.Session?.TotalSeconds ?? 0.0);
        }

        var activity = Activity.Current;
        // The dictionary becomes the event's own (LogEvent's public constructors copy the properties into a new one).
        logger.Write(LogEvent.UnstableAssembleFromParts(DateTimeOffset.Now, level, exception, template, properties,
            activity?.TraceId ?? default, activity?.SpanId ?? default));
        return false;
    }

    // The proxied request, or null when its sub-path does not parse (answered 400 by the proxy; the path says enough).
    private static RequestInfo? Inner(HttpContext context, ProxyPath path)
    {
        try
        {
            return InnerRequest.Parse(context, path);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ScalarValue Text(string? value) => string.IsNullOrEmpty(value) ? EmptyText : new ScalarValue(value);

    private sealed record Templates(MessageTemplate Plain, MessageTemplate Upgrade, MessageTemplate FanOut);
}
